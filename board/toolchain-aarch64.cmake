# Cross-build for 64-bit Raspberry Pi OS / Debian arm64 on a Debian amd64 host
# with Debian's cross compiler and the arm64 multiarch -dev packages:
#
#   dpkg --add-architecture arm64 && apt-get update
#   apt-get install gcc-aarch64-linux-gnu qemu-user \
#       libcjson-dev:arm64 libcurl4-openssl-dev:arm64 libcmocka-dev:arm64 libexpat1-dev:arm64
#   cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=board/toolchain-aarch64.cmake \
#       -DROOMBOARD_UI=OFF
#   cmake --build build-arm64 && (cd build-arm64 && ctest -R '^test_')
#
# tools/dev cross does all of that. The sysroot is the host's own root:
# multiarch keeps arm64 libraries in /usr/lib/aarch64-linux-gnu, next to the
# host's, and the shared headers in /usr/include.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(RB_CROSS_TRIPLE aarch64-linux-gnu)
set(CMAKE_C_COMPILER ${RB_CROSS_TRIPLE}-gcc)
set(CMAKE_LIBRARY_ARCHITECTURE ${RB_CROSS_TRIPLE})

# Libraries and headers for the target only; programs (pkg-config, the
# shells the tests run) from the host.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(CMAKE_FIND_ROOT_PATH /usr/${RB_CROSS_TRIPLE} /)

# pkg-config must read the arm64 .pc files, never the host's.
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/${RB_CROSS_TRIPLE}/pkgconfig:/usr/share/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "")

# ctest runs the test executables under qemu-user; -L is where the arm64
# loader and libc of the cross toolchain live (libraries from the arm64
# multiarch packages are found in /usr/lib/aarch64-linux-gnu as usual).
find_program(RB_QEMU_AARCH64 NAMES qemu-aarch64 qemu-aarch64-static)
if(RB_QEMU_AARCH64)
    set(CMAKE_CROSSCOMPILING_EMULATOR ${RB_QEMU_AARCH64} -L /usr/${RB_CROSS_TRIPLE})
endif()
