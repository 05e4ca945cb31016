#!/bin/sh
# Creates every missing secret file next to its .example with a random value (existing files are kept):
#   sh deploy/secrets/create.sh
# To choose a value yourself, write it into the file instead (one line, no quotes), e.g.
#   printf '%s\n' 'my-password' > deploy/secrets/roster_db_password
# Compose bind-mounts file secrets with their host owner and mode, and the containers read them as
# other users (bastion 10001, postgres 999): the files are world-readable (0644) and this folder is
# closed to other host users (0700) instead.
set -eu
cd "$(dirname "$0")"
chmod 700 .
umask 022
for example in *.example; do
    secret="${example%.example}"
    if [ -e "$secret" ]; then
        echo "kept    deploy/secrets/$secret"
        continue
    fi
    # 32 random bytes as URL-safe text: no character needs quoting in a URL, a shell or SQL.
    head -c 32 /dev/urandom | base64 | tr -d '\n=' | tr '+/' '-_' > "$secret"
    echo >> "$secret"
    echo "created deploy/secrets/$secret"
done
# The proxy's certificate (deploy/tls/): a self-signed one for a trial, unless one is there already.
if [ -f ../tls/create.sh ]; then
    sh ../tls/create.sh || echo "no certificate made: put yours in deploy/tls/ (see deploy/tls/create.sh)" >&2
fi
