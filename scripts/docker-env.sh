#!/usr/bin/env bash
# A Docker engine and the local images the Testcontainers suite (namesrv-dist, *ContainerIT) uses,
# on a machine that has neither an engine nor a container registry. No image is ever pulled: the
# base image is made with debootstrap from the machine's own Debian mirror, the others FROM it.
#
#   scripts/docker-env.sh start   install docker.io if dockerd is missing, start dockerd (unless an
#                                 engine already answers), build local/debian:bookworm,
#                                 local/postgres:15, local/mariadb:10.11 and, when `mvn package`
#                                 has assembled namesrv-dist/target/namesrv/, local/namesrv
#   scripts/docker-env.sh stop    stop the dockerd this script started (by its PID file)
#   scripts/docker-env.sh status  whether the engine answers and which local images exist
#
# Environment: NAMESRV_DOCKER_STATE (default /var/tmp/namesrv-docker) holds dockerd.pid and dockerd.log;
# NAMESRV_DOCKER_MIRROR overrides the Debian mirror read from /etc/apt/sources.list.d.
# Run the tests with TESTCONTAINERS_RYUK_DISABLED=true (Ryuk is an image from a registry).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="${NAMESRV_DOCKER_STATE:-/var/tmp/namesrv-docker}"
PID_FILE="$STATE_DIR/dockerd.pid"
LOG_FILE="$STATE_DIR/dockerd.log"
SUITE=bookworm
BASE_IMAGE="local/debian:$SUITE"
POSTGRES_IMAGE=local/postgres:15
MARIADB_IMAGE=local/mariadb:10.11
NAMESRV_IMAGE=local/namesrv
ENGINE_WAIT_SECONDS=60
STOP_WAIT_SECONDS=30

log() { echo "docker-env: $*" >&2; }
die() { log "$*"; exit 1; }

engine_answers() { docker info >/dev/null 2>&1; }
image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# apt-get with the lists refreshed once per run (a fresh machine has none).
APT_UPDATED=false
apt_install() {
  if [ "$APT_UPDATED" = false ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=true
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# The URI of the machine's own Debian archive (deb822 .sources or one-line .list), the only mirror
# this machine is known to reach.
debian_mirror() {
  if [ -n "${NAMESRV_DOCKER_MIRROR:-}" ]; then
    echo "$NAMESRV_DOCKER_MIRROR"
    return
  fi
  local uri
  uri=$(awk -v suite="$SUITE" '
    /^URIs:/   { uris = $2 }
    /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) found = uris }
    /^deb /    { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { if ($(i + 1) == suite) found = $i; break } }
    /^$/       { uris = "" }
    found      { print found; exit }
  ' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$uri" ] || die "no '$SUITE' archive in /etc/apt/sources.list.d; set NAMESRV_DOCKER_MIRROR"
  echo "$uri"
}

start_engine() {
  if engine_answers; then
    log "engine already answering; not starting another"
    return
  fi
  command -v dockerd >/dev/null 2>&1 || { log "installing docker.io"; apt_install docker.io; }
  mkdir -p "$STATE_DIR"
  log "starting dockerd (log $LOG_FILE)"
  # Its own session, so that the caller's Ctrl-C or end does not take the daemon with it; dockerd
  # writes its own PID to the file, which is what `stop` signals.
  setsid dockerd --pidfile="$PID_FILE" >>"$LOG_FILE" 2>&1 </dev/null &
  local waited=0
  until engine_answers; do
    [ "$waited" -lt "$ENGINE_WAIT_SECONDS" ] || die "dockerd did not answer within ${ENGINE_WAIT_SECONDS}s; see $LOG_FILE"
    sleep 1
    waited=$((waited + 1))
  done
  log "engine up after ${waited}s"
}

stop_engine() {
  if [ ! -f "$PID_FILE" ]; then
    log "no $PID_FILE: no daemon started by this script"
    return
  fi
  local pid
  pid=$(cat "$PID_FILE")
  if ! kill -0 "$pid" 2>/dev/null; then
    log "dockerd $pid already gone"
    rm -f "$PID_FILE"
    return
  fi
  log "stopping dockerd $pid"
  kill -TERM "$pid"
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge "$STOP_WAIT_SECONDS" ]; then
      log "dockerd $pid still running after ${STOP_WAIT_SECONDS}s; SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 1
    waited=$((waited + 1))
  done
  rm -f "$PID_FILE"
}

build_base_image() {
  if image_exists "$BASE_IMAGE"; then
    return
  fi
  command -v debootstrap >/dev/null 2>&1 || { log "installing debootstrap"; apt_install debootstrap; }
  local mirror rootfs
  mirror=$(debian_mirror)
  rootfs=$(mktemp -d "${TMPDIR:-/var/tmp}/namesrv-rootfs.XXXXXX")
  log "debootstrap $SUITE from $mirror into $rootfs"
  debootstrap --variant=minbase "$SUITE" "$rootfs" "$mirror" >"$STATE_DIR/debootstrap.log" 2>&1 \
    || { rm -rf "$rootfs"; die "debootstrap failed; see $STATE_DIR/debootstrap.log"; }
  # The downloaded packages are only the image's dead weight.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import - "$BASE_IMAGE" >/dev/null
  rm -rf "$rootfs"
  log "imported $BASE_IMAGE"
}

# docker build is cheap when nothing changed (its layer cache), so the images are always rebuilt:
# a changed Dockerfile is picked up without anyone deleting an image by hand.
build_image() {
  local tag=$1 context=$2
  local build_log="$STATE_DIR/build-${tag//[\/:]/-}.log"
  log "building $tag"
  docker build --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$tag" "$context" >"$build_log" 2>&1 \
    || { tail -n 30 "$build_log" >&2; die "building $tag failed; see $build_log"; }
}

build_images() {
  build_base_image
  build_image "$POSTGRES_IMAGE" "$REPO/namesrv-dist/src/test/docker/postgres"
  build_image "$MARIADB_IMAGE" "$REPO/namesrv-dist/src/test/docker/mariadb"
  if [ -x "$REPO/namesrv-dist/target/namesrv/bin/namesrv" ]; then
    build_image "$NAMESRV_IMAGE" "$REPO/namesrv-dist"
  else
    log "no namesrv-dist/target/namesrv yet (mvn package); $NAMESRV_IMAGE not built, the test suite builds its own"
  fi
  # Rebuilt tags leave their previous images dangling; keep the disk from filling run after run.
  docker image prune -f >/dev/null
}

status() {
  if engine_answers; then
    echo "engine: up ($(docker version --format '{{.Server.Version}}'))"
    docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep '^local/' || true
  else
    echo "engine: not answering"
  fi
}

case "${1:-start}" in
  start)
    mkdir -p "$STATE_DIR"
    started=$(date +%s)
    start_engine
    build_images
    log "ready in $(($(date +%s) - started))s"
    ;;
  stop) stop_engine ;;
  status) status ;;
  *) die "usage: $0 [start|stop|status]" ;;
esac
