#!/bin/sh
# The container's start: migrate the service's database to head, then serve the service in its place
# (exec: it receives SIGTERM directly and stops gracefully). Usage: bastion-entrypoint SERVICE [serve options]
set -eu

if [ "$#" -lt 1 ]; then
    echo "usage: bastion-entrypoint roster|activity|feedback|scoring [serve options]" >&2
    exit 64
fi
service="$1"
shift

bastion migrate "$service"
exec bastion serve "$service" "$@"
