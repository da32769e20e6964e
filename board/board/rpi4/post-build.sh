#!/bin/sh
# Buildroot post-build script for the roomboard Raspberry Pi 4 image.
# $1 is TARGET_DIR.
set -eu
TARGET_DIR=$1

# The boot partition (FAT) holds the per-screen roomboard.json; mount it
# read-only at the place roomboard reads it from. Read-only also protects
# the FAT from power cuts: staff edit it from a laptop, not on the board.
mkdir -p "$TARGET_DIR/boot/firmware"
if ! grep -q '/boot/firmware' "$TARGET_DIR/etc/fstab"; then
    echo '/dev/mmcblk0p1 /boot/firmware vfat ro,nofail,umask=0022 0 0' >>"$TARGET_DIR/etc/fstab"
fi

# The panel belongs to roomboard: no login prompt on tty1.
mkdir -p "$TARGET_DIR/etc/systemd/system"
ln -sf /dev/null "$TARGET_DIR/etc/systemd/system/getty@tty1.service"

# Give every screen its own hostname at boot (for {hostname} in the
# schedule URL); see rootfs_overlay/usr/libexec/roomboard/set-hostname.
mkdir -p "$TARGET_DIR/etc/systemd/system/sysinit.target.wants"
ln -sf ../roomboard-hostname.service \
    "$TARGET_DIR/etc/systemd/system/sysinit.target.wants/roomboard-hostname.service"
