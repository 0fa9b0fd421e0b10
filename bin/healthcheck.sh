#!/usr/bin/env bash
# The image's HEALTHCHECK: GET /healthz on the service's own port with bash's /dev/tcp, so a probe
# costs one small bash process (no wget or curl in the image, no second Node heap next to the service).
# Exit 0 on a 200 answer, 1 otherwise. HOST=0.0.0.0 or :: (all interfaces) is probed on 127.0.0.1.
host=${HOST:-127.0.0.1}
case $host in 0.0.0.0 | :: | '[::]' | '') host=127.0.0.1 ;; esac
exec 3<>"/dev/tcp/${host}/${PORT:-8080}" || exit 1
printf 'GET /healthz HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$host" >&3
IFS= read -r -t 2 status <&3 || exit 1
[[ $status == HTTP/1.[01]' 200 '* ]]
