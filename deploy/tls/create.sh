#!/bin/sh
# A self-signed certificate for a trial, while the enterprise's is not here yet (existing files are kept):
#   sh deploy/tls/create.sh                                        # for this machine's name
#   BASTION_HOSTNAME=bastion.example.cn sh deploy/tls/create.sh    # for the name people will type
# Browsers warn about it (no CA they trust signed it). For production put the enterprise's certificate
# here instead, as PEM files:
#   bastion.crt   the server certificate, then the intermediate certificates
#   bastion.key   its private key, unencrypted
# and `docker compose restart proxy` (the proxy reads them when it starts).
set -eu
cd "$(dirname "$0")"
if [ -e bastion.crt ] || [ -e bastion.key ]; then
    echo "kept    deploy/tls/bastion.crt and bastion.key"
    exit 0
fi
if ! command -v openssl >/dev/null; then
    echo "openssl is missing: install it (apt-get install openssl), or put a certificate here" >&2
    exit 1
fi
name="${BASTION_HOSTNAME:-$(hostname -f 2>/dev/null || hostname)}"
case "$name" in
    *[!0-9.]*) names="DNS:$name" ;;  # a host name
    *) names="IP:$name" ;;            # an IPv4 address
esac
umask 077
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
    -subj "/CN=$name" -addext "subjectAltName=$names,DNS:localhost,IP:127.0.0.1" \
    -keyout bastion.key -out bastion.crt 2>/dev/null
chmod 644 bastion.crt
echo "created deploy/tls/bastion.crt and bastion.key: self-signed for $name (a trial; browsers warn)"
