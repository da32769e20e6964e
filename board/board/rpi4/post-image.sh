#!/bin/bash
# Buildroot post-image script: puts the example roomboard.json next to the
# firmware and assembles sdcard.img with genimage.
set -euo pipefail

BOARD_DIR="$(dirname "$0")"
GENIMAGE_TMP="${BUILD_DIR}/genimage.tmp"

install -m 0644 "${BOARD_DIR}/roomboard.json" "${BINARIES_DIR}/roomboard.json"

# genimage copies --rootpath whole; it only needs to place the prebuilt
# rootfs.ext4, so give it an empty one.
ROOTPATH_TMP="$(mktemp -d)"
trap 'rm -rf "${ROOTPATH_TMP}"' EXIT
rm -rf "${GENIMAGE_TMP}"

genimage \
    --rootpath "${ROOTPATH_TMP}" \
    --tmppath "${GENIMAGE_TMP}" \
    --inputpath "${BINARIES_DIR}" \
    --outputpath "${BINARIES_DIR}" \
    --config "${BOARD_DIR}/genimage.cfg"
