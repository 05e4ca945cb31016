#!/bin/sh
# Run once by the postgres image on an empty data directory (/docker-entrypoint-initdb.d/): one role and
# one database per service, each role owning its database (migrations create the tables). Passwords are
# read from the secret files, never from the environment or the command line.
set -eu

secrets="${BASTION_SECRETS_DIR:-/run/secrets}"

for service in ${BASTION_SERVICES:-roster activity feedback scoring}; do
    password_file="$secrets/${service}_db_password"
    if [ ! -s "$password_file" ]; then
        echo "init-databases: missing or empty $password_file" >&2
        exit 1
    fi
    # psql's backquote reads the file (its trailing newline removed) into a variable; :'password' quotes it.
    psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname postgres \
        --set=role="$service" --set=password_file="$password_file" <<'SQL'
\set password `cat :'password_file'`
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"role" OWNER :"role";
REVOKE ALL ON DATABASE :"role" FROM PUBLIC;
SQL
    echo "init-databases: database $service owned by role $service"
done
