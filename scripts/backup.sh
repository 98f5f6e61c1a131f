#!/usr/bin/env bash
# Backup and restore check for the GreenChannel database (PostgreSQL custom-format dump).
#
#   bash scripts/backup.sh dump   <postgresql://user:password@host:port/database> <file.dump>
#       pg_dump -Fc of the whole database (all module schemas, the scheduler and the key ring) into <file.dump>,
#       plus <file.dump>.counts: the row count of every table, taken in the same transaction snapshot as the dump.
#   bash scripts/backup.sh verify <file.dump>
#       restores into a fresh throwaway cluster (initdb, started on a free loopback port, removed afterwards) and
#       compares every table's row count with <file.dump>.counts. Exit 0 when all agree.
#   Restoring for real: createdb <new> && pg_restore --no-owner -d postgresql://…/<new> <file.dump>
#
# The embedded database listens on a new port at every start; its password is in postgres.password beside the data
# folder (host/GreenChannel.Host/.data/). As root the throwaway cluster runs as the postgres account.
set -euo pipefail

bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1)" 2>/dev/null || true)
[ -x "$bin/pg_dump" ] || bin=$(dirname "$(command -v pg_ctl)")
counts_sql="SELECT string_agg(format('%s.%s %s', schemaname, relname, (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', schemaname, relname), false, true, '')))[1]::text), E'\n' ORDER BY schemaname, relname) FROM pg_stat_user_tables"

case "${1:-}" in
  dump)
    uri=${2:?连接串}; file=${3:?备份文件}
    echo "== 备份 $file"
    # One repeatable-read transaction exports the snapshot that pg_dump then uses, so the counts match the dump.
    coproc PSQL { "$bin/psql" -X -q -A -t "$uri"; }
    echo "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT pg_export_snapshot();" >&"${PSQL[1]}"
    read -r -t 30 snapshot <&"${PSQL[0]}"
    "$bin/pg_dump" -Fc --snapshot="$snapshot" -f "$file" "$uri"
    "$bin/psql" -X -q -A -t "$uri" > "$file.counts" <<SQL
BEGIN ISOLATION LEVEL REPEATABLE READ;
SET TRANSACTION SNAPSHOT '$snapshot';
$counts_sql;
COMMIT;
SQL
    sed -i '/^$/d' "$file.counts"
    echo "COMMIT;" >&"${PSQL[1]}"
    exec {PSQL[1]}>&-
    wait "$PSQL_PID" 2>/dev/null || true
    echo "已备份 $(wc -l < "$file.counts") 张表：$file（行数见 $file.counts）"
    ;;
  verify)
    file=${2:?备份文件}
    [ -f "$file.counts" ] || { echo "缺少 $file.counts" >&2; exit 2; }
    tmp=$(mktemp -d /tmp/greenchannel-restore-XXXXXX)
    chmod 755 "$tmp"
    run() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
    [ "$(id -u)" -eq 0 ] && chown postgres "$tmp"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    cleanup() { run "$bin/pg_ctl" stop -D "$tmp/data" -m immediate -w >/dev/null 2>&1 || true; rm -rf "$tmp"; }
    trap cleanup EXIT
    echo "== 在临时集群中恢复 $file"
    run "$bin/initdb" -D "$tmp/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    run "$bin/pg_ctl" start -D "$tmp/data" -w -l "$tmp/server.log" -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off" >/dev/null
    target="postgresql://postgres@127.0.0.1:$port/restored"
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres restored
    cp "$file" "$tmp/backup.dump"; chmod 644 "$tmp/backup.dump"
    "$bin/pg_restore" --no-owner -d "$target" "$tmp/backup.dump"
    "$bin/psql" -X -q -A -t "$target" -c "$counts_sql" | sed '/^$/d' > "$tmp/restored.counts"
    if diff -u "$file.counts" "$tmp/restored.counts"; then
      echo "恢复检查通过：$(wc -l < "$file.counts") 张表的行数与备份时一致。"
    else
      echo "恢复检查失败：上面列出行数不一致的表。" >&2
      exit 1
    fi
    ;;
  *)
    sed -n '2,14p' "$0"; exit 2 ;;
esac
