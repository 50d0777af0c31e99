#!/bin/sh
# The part of the official image's contract that Testcontainers' PostgreSQLContainer relies on:
# POSTGRES_USER and POSTGRES_DB are created (POSTGRES_PASSWORD is accepted: authentication is
# trust), by a server on the Unix socket only that is stopped again, so "ready to accept
# connections" is logged twice, as the official image does; then `postgres ARGS` runs in the foreground.
set -eu
if [ "${1:-}" = postgres ]; then
  shift
  if [ -n "${POSTGRES_USER:-}${POSTGRES_DB:-}" ]; then
    pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w -t 60 start
    user="${POSTGRES_USER:-postgres}"
    db="${POSTGRES_DB:-$user}"
    if [ "$user" != postgres ]; then
      psql -v ON_ERROR_STOP=1 -U postgres -d postgres -c "CREATE ROLE \"$user\" SUPERUSER LOGIN"
    fi
    if [ "$db" != postgres ]; then
      psql -v ON_ERROR_STOP=1 -U postgres -d postgres -c "CREATE DATABASE \"$db\" OWNER \"$user\""
    fi
    pg_ctl -D "$PGDATA" -m fast -w -t 60 stop
  fi
  exec postgres -D "$PGDATA" "$@"
fi
exec "$@"
