################################################################################
#
# roomboard
#
################################################################################

ROOMBOARD_VERSION = 0.1.0
# The package is this very repository: board/ is the BR2_EXTERNAL root.
ROOMBOARD_SITE = $(BR2_EXTERNAL_ROOMBOARD_PATH)/..
ROOMBOARD_SITE_METHOD = local
# Developer build trees must not be copied into the Buildroot build.
ROOMBOARD_OVERRIDE_SRCDIR_RSYNC_EXCLUSIONS = \
	--exclude '/build*' --exclude /tests/fuzz/corpus-work
ROOMBOARD_DEPENDENCIES = host-pkgconf cjson expat libical libcurl sdl2 sdl2_ttf sdl2_image libfribidi harfbuzz

# Warnings are not errors with a toolchain we do not test against; no tests
# and no sanitizers on the target.
ROOMBOARD_CONF_OPTS = \
	-DROOMBOARD_WERROR=OFF \
	-DROOMBOARD_SANITIZE=OFF \
	-DROOMBOARD_FUZZ=OFF \
	-DROOMBOARD_TESTS=OFF \
	-DROOMBOARD_UI=ON

# The user the service runs as (makeusers(8) table format); the groups let it
# open the display (video, render) and the staff keyboard (input).
define ROOMBOARD_USERS
	roomboard -1 roomboard -1 * - - video,render,input roomboard signage
endef

# cmake --install already put the unit in /usr/lib/systemd/system; enable it.
define ROOMBOARD_INSTALL_INIT_SYSTEMD
	mkdir -p $(TARGET_DIR)/etc/systemd/system/multi-user.target.wants
	ln -sf /usr/lib/systemd/system/roomboard.service \
		$(TARGET_DIR)/etc/systemd/system/multi-user.target.wants/roomboard.service
endef

$(eval $(cmake-package))
