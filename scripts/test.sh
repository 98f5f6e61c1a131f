#!/usr/bin/env bash
# Runs every test of GreenChannel against a real (throwaway) PostgreSQL and a real Chromium.
# Installs what the tests need when it is missing (as root, non-interactive apt), then runs `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || [ -n "${GREENCHANNEL_CHROMIUM:-}" ] || missing+=(chromium)
# grep reads all of fc-list: with -q it stops at the first match, fc-list dies of SIGPIPE and pipefail reports the font missing
fc-list 2>/dev/null | grep -i "WenQuanYi Micro Hei" >/dev/null || missing+=(fonts-wqy-microhei fontconfig)
# ClosedXML 0.95 measures text and embeds pictures (annual report charts) through GDI+.
compgen -G "/usr/lib/libgdiplus.so*" >/dev/null || compgen -G "/usr/lib/*/libgdiplus.so*" >/dev/null || missing+=(libgdiplus)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# the roster test converts an exported workbook to PDF, as offices opening it in LibreOffice would
command -v libreoffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "== 安装测试所需的软件包：${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "缺少测试所需的软件包：${missing[*]}。请以 root 运行：apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  echo "以 root 运行测试需要系统账户 postgres（PostgreSQL 不以 root 运行）；正在创建。"
  useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi

# Throwaway clusters of earlier runs that were not cleaned up (a killed test host): remove those no server runs on.
for dir in "${TMPDIR:-/tmp}"/greenchannel-pg-*; do
  [ -d "$dir" ] || continue
  pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
  if [ -z "$pid" ] || [ ! -d "/proc/$pid" ]; then rm -rf "$dir"; fi
done

log=$(mktemp)
trap 'rm -f "$log"' EXIT
before=$(ls -d "${TMPDIR:-/tmp}"/greenchannel-pg-* 2>/dev/null || true)
set +e
dotnet test GreenChannel.sln --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# A test process stops its throwaway cluster as it exits; one the runner ended first leaves the server running. Every
# test process has ended now: stop and remove the clusters this run made (fast shutdown, SIGINT to the postmaster).
for dir in "${TMPDIR:-/tmp}"/greenchannel-pg-*; do
  [ -d "$dir" ] || continue
  grep -qxF "$dir" <<<"$before" && continue
  pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null)
  if [ -n "$pid" ] && [ -d "/proc/$pid" ]; then
    echo "== 停止测试进程遗留的 PostgreSQL（$dir）"
    kill -INT "$pid" 2>/dev/null
    for _ in $(seq 1 50); do [ -d "/proc/$pid" ] || break; sleep 0.2; done
  fi
  [ -d "/proc/${pid:-0}" ] || rm -rf "$dir"
done
set -e

# One closing line for the whole run, summed over the test projects.
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "没有执行任何测试。" >&2
  exit 1
fi
exit "$status"
