include $(sort $(wildcard $(BR2_EXTERNAL_ROOMBOARD_PATH)/package/*/*.mk))
