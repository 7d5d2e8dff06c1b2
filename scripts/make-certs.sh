#!/usr/bin/env bash
# Makes the certificates for Orleans TLS (docs/security.md): a private CA and one certificate per host, signed by it,
# as PEM files in ./certs (git-ignored). docker-compose.yml mounts that folder read-only.
#
#   scripts/make-certs.sh [DIR] [HOST...]      default: certs silo1 silo2 frontend
#
# Keep ca.key off the hosts: they need only ca.crt and their own .crt/.key.
set -euo pipefail
dir="${1:-certs}"
shift || true
hosts=("$@")
[[ ${#hosts[@]} -gt 0 ]] || hosts=(silo1 silo2 frontend)
mkdir -p "$dir"
cd "$dir"
if [[ ! -f ca.key ]]; then
  openssl req -x509 -newkey rsa:3072 -sha256 -days 825 -nodes -keyout ca.key -out ca.crt \
    -subj "/CN=Cxmpute Orleans CA" -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign"
fi
for host in "${hosts[@]}"; do
  openssl req -newkey rsa:3072 -sha256 -nodes -keyout "$host.key" -out "$host.csr" -subj "/CN=$host"
  openssl x509 -req -in "$host.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 397 -sha256 -out "$host.crt" \
    -extfile <(printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:%s\n' "$host")
  rm -f "$host.csr"
  chmod 644 "$host.key" # read by the container's non-root user; keep the folder itself private
done
echo "certificates in $dir: ca.crt and ${hosts[*]} (.crt, .key)"
