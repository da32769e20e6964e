# Installation layout and the Debian package (CPack). Included at the end of
# the top-level CMakeLists.txt, after every target exists.
#
#   cmake --install build --prefix /usr          (or DESTDIR=... for staging)
#   cd build-deb && cpack -G DEB                 (from a tree configured with
#                                                 -DCMAKE_INSTALL_PREFIX=/usr)
#
# The binary has its data directory and system config path compiled in, so a
# package must come from a tree configured with the prefix it installs to;
# CPACK_PACKAGING_INSTALL_PREFIX follows CMAKE_INSTALL_PREFIX for that reason.

# The system config path is compiled into rb_cfg ("/etc" for the /usr
# prefix, as GNUInstallDirs maps it).
target_compile_definitions(rb_cfg PRIVATE
    ROOMBOARD_SYSCONFDIR="${CMAKE_INSTALL_FULL_SYSCONFDIR}")

# systemd looks for units and sysusers files under /usr and /usr/local only:
# with another prefix (/opt/roomboard) they go to /usr/local, or the unit
# would never be found and the postinst's systemd-sysusers would fail.
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr" OR CMAKE_INSTALL_PREFIX STREQUAL "/usr/local")
    set(_rb_sdroot ${CMAKE_INSTALL_PREFIX})
else()
    set(_rb_sdroot /usr/local)
endif()
set(RB_UNITDIR "${_rb_sdroot}/lib/systemd/system" CACHE STRING
    "systemd unit directory (absolute, or relative to the prefix)")
set(RB_SYSUSERSDIR "${_rb_sdroot}/lib/sysusers.d" CACHE STRING
    "sysusers.d directory (absolute, or relative to the prefix)")
if(IS_ABSOLUTE ${RB_SYSUSERSDIR})
    set(RB_SYSUSERS_FILE ${RB_SYSUSERSDIR}/roomboard.conf)
else()
    set(RB_SYSUSERS_FILE ${CMAKE_INSTALL_PREFIX}/${RB_SYSUSERSDIR}/roomboard.conf)
endif()

install(TARGETS roomboard RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# roomboard-import and roomboard-publish install themselves (tools/import),
# roomboard-fleet too (tools/fleet).

if(EXISTS ${ROOMBOARD_ASSETS_SRC})
    install(DIRECTORY ${ROOMBOARD_ASSETS_SRC}/ DESTINATION ${CMAKE_INSTALL_DATADIR}/roomboard)
endif()

# The default system config; a conffile in the .deb, so local edits survive
# upgrades.
install(FILES ${CMAKE_SOURCE_DIR}/config/config.json
        DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/roomboard)

# The unit names the binary by its installed path.
file(READ ${CMAKE_SOURCE_DIR}/board/roomboard.service _rb_unit)
string(REPLACE "ExecStart=/usr/bin/roomboard"
       "ExecStart=${CMAKE_INSTALL_FULL_BINDIR}/roomboard" _rb_unit "${_rb_unit}")
file(WRITE ${CMAKE_BINARY_DIR}/board/roomboard.service "${_rb_unit}")
install(FILES ${CMAKE_BINARY_DIR}/board/roomboard.service DESTINATION ${RB_UNITDIR})
install(FILES ${CMAKE_SOURCE_DIR}/board/roomboard.sysusers
        DESTINATION ${RB_SYSUSERSDIR} RENAME roomboard.conf)

install(FILES ${CMAKE_SOURCE_DIR}/docs/roomboard.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
foreach(doc config.md deploy.md fleet.md door.md status-format.md)
    if(EXISTS ${CMAKE_SOURCE_DIR}/docs/${doc})
        install(FILES ${CMAKE_SOURCE_DIR}/docs/${doc} DESTINATION ${CMAKE_INSTALL_DOCDIR})
    endif()
endforeach()
install(FILES ${CMAKE_SOURCE_DIR}/config/door.json ${CMAKE_SOURCE_DIR}/config/door-portrait.json
              ${CMAKE_SOURCE_DIR}/config/lobby.json ${CMAKE_SOURCE_DIR}/config/demo.json
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

# ---- CPack: the .deb ------------------------------------------------------
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "roomboard")
set(CPACK_PACKAGE_VENDOR "roomboard")
set(CPACK_PACKAGE_CONTACT "roomboard maintainers <roomboard@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "misc")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Shows the session running now and the next one in a conference room, read\n\
from a frab/pretalx schedule.json, full screen on KMS/DRM. Refreshes in the\n\
background and keeps the last good schedule when the network is gone.")
# Runtime packages, named by hand rather than by dpkg-shlibdeps so the list
# is the same on every build host and checked by tests/board.
# adduser: the postinst's fallback where systemd-sysusers is missing.
set(_rb_depends "libc6, libcjson1, libexpat1, libical3, libcurl4, ca-certificates, tzdata, fonts-dejavu-core, fonts-noto-core, adduser")
if(TARGET roomboard-fleet)
    set(_rb_depends "${_rb_depends}, zlib1g") # roomboard-fleet reads rotated .gz logs
endif()
if(ROOMBOARD_UI)
    # fribidi and harfbuzz: right-to-left titles (app/screen/text.c);
    # libqrencode: QR codes to the talk (app/screen/qr.c)
    set(_rb_depends "${_rb_depends}, libsdl2-2.0-0, libsdl2-ttf-2.0-0, libsdl2-image-2.0-0, libfribidi0, libharfbuzz0b, libqrencode4")
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${_rb_depends}")
# CJK names need the Noto CJK fallback; big, so recommended, not required.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-noto-cjk, systemd")
if(CMAKE_CROSSCOMPILING AND CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64)$")
    set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE arm64)
endif()
configure_file(${CMAKE_SOURCE_DIR}/board/deb/conffiles.in ${CMAKE_BINARY_DIR}/board/deb/conffiles
               @ONLY)
# The postinst names the sysusers file by its installed path.
configure_file(${CMAKE_SOURCE_DIR}/board/deb/postinst.in ${CMAKE_BINARY_DIR}/board/deb/postinst @ONLY)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_BINARY_DIR}/board/deb/conffiles
    ${CMAKE_BINARY_DIR}/board/deb/postinst
    ${CMAKE_SOURCE_DIR}/board/deb/prerm
    ${CMAKE_SOURCE_DIR}/board/deb/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
