#!/bin/sh
# Install the services the full test suite runs against: the PostgreSQL server binaries
# (Debian/Ubuntu package "postgresql"). The storage tests start their own throwaway cluster
# from these binaries in a temporary folder; no server needs to be running or configured.
#
# Idempotent: does nothing when initdb and pg_ctl are already there.
# Usage (as root, or with sudo available):  sh scripts/install-test-services.sh
set -eu

have_postgres() {
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        return 0
    fi
    for dir in /usr/lib/postgresql/*/bin; do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            return 0
        fi
    done
    return 1
}

if have_postgres; then
    echo "install-test-services: PostgreSQL server binaries already installed"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-services: no apt-get here; install the PostgreSQL server (initdb, pg_ctl) with your package manager" >&2
    exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends postgresql

if ! have_postgres; then
    echo "install-test-services: postgresql installed but initdb/pg_ctl not found" >&2
    exit 1
fi
echo "install-test-services: PostgreSQL server binaries installed"
