#!/bin/sh
# The part of the official image's contract that Testcontainers' MariaDBContainer relies on:
# MARIADB_/MYSQL_ ROOT_PASSWORD, DATABASE, USER and PASSWORD are applied by a server on the Unix
# socket only, stopped again before `mariadbd ARGS` runs in the foreground.
#   entrypoint.sh mariadbd [ARGS]   what the container runs
#   entrypoint.sh sql 'STATEMENTS'  run SQL on a temporary server and stop it (used by the build)
set -eu
SOCKET=/run/mysqld/init.sock

run_sql() {
  mariadbd --skip-networking --socket="$SOCKET" &
  pid=$!
  tries=0
  until mariadb-admin --socket="$SOCKET" -umysql ping >/dev/null 2>&1; do
    tries=$((tries + 1))
    [ "$tries" -le 60 ] || { echo "temporary mariadbd did not start" >&2; kill "$pid"; exit 1; }
    sleep 1
  done
  mariadb --socket="$SOCKET" -umysql -e "$1"
  mariadb-admin --socket="$SOCKET" -umysql shutdown
  wait "$pid"
}

env_sql() {
  root_password="${MARIADB_ROOT_PASSWORD:-${MYSQL_ROOT_PASSWORD:-}}"
  database="${MARIADB_DATABASE:-${MYSQL_DATABASE:-}}"
  user="${MARIADB_USER:-${MYSQL_USER:-}}"
  password="${MARIADB_PASSWORD:-${MYSQL_PASSWORD:-}}"
  if [ -n "$root_password" ]; then
    echo "ALTER USER 'root'@'%' IDENTIFIED BY '$root_password';"
  fi
  if [ -n "$database" ]; then
    echo "CREATE DATABASE IF NOT EXISTS \`$database\`;"
  fi
  if [ -n "$user" ] && [ "$user" != root ]; then
    echo "CREATE USER '$user'@'%' IDENTIFIED BY '$password'; GRANT ALL ON \`${database:-*}\`.* TO '$user'@'%';"
  fi
}

case "${1:-}" in
  sql)
    run_sql "$2"
    ;;
  mariadbd | mysqld)
    shift
    sql=$(env_sql)
    if [ -n "$sql" ]; then
      run_sql "$sql"
    fi
    exec mariadbd "$@"
    ;;
  *)
    exec "$@"
    ;;
esac
