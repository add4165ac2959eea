// Kernel drop counters of an AF_PACKET socket, for the capture helper's honest drop counts.
//
// libpcap's pcap_stats() on Linux reads getsockopt(fd, SOL_PACKET, PACKET_STATISTICS): tp_drops
// is what it reports as ps_drop (packets the kernel could not queue because the capture buffer
// was full). The `cap` module never calls pcap_stats(), so the helper reads the same counter
// itself on the socket libpcap opened. The kernel resets both counters on every read; the caller
// adds them up.
//
// Threat model: the helper runs as root and passes a file descriptor it found in /proc/self/fd;
// the only thing done with it is one getsockopt into a fixed-size struct, whose length the
// kernel bounds. Any failure becomes a thrown Error naming errno, never a crash.
//
// Exported: read(fd) -> { packets, drops } (counts since the previous read).
#include <errno.h>
#include <linux/if_packet.h>
#include <node_api.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#ifndef SOL_PACKET
#define SOL_PACKET 263
#endif

static napi_value Fail(napi_env env, const char* what, int err) {
  char message[256];
  snprintf(message, sizeof message, "%s: %s", what, strerror(err));
  napi_throw_error(env, nullptr, message);
  return nullptr;
}

static napi_value Read(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc < 1) {
    napi_throw_type_error(env, nullptr, "read(fd) needs a file descriptor");
    return nullptr;
  }
  int32_t fd = -1;
  if (napi_get_value_int32(env, argv[0], &fd) != napi_ok || fd < 0) {
    napi_throw_type_error(env, nullptr, "read(fd) needs a non-negative integer");
    return nullptr;
  }
  // tpacket_stats_v3 is tpacket_stats plus tp_freeze_q_cnt; the kernel copies the version the
  // socket uses (TPACKET_V1/V2: 8 bytes, V3: 12), never more than the length passed.
  struct tpacket_stats_v3 stats;
  memset(&stats, 0, sizeof stats);
  socklen_t length = sizeof stats;
  if (getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &stats, &length) != 0) {
    return Fail(env, "getsockopt(PACKET_STATISTICS)", errno);
  }
  napi_value result, packets, drops;
  napi_create_object(env, &result);
  napi_create_uint32(env, stats.tp_packets, &packets);
  napi_create_uint32(env, stats.tp_drops, &drops);
  napi_set_named_property(env, result, "packets", packets);
  napi_set_named_property(env, result, "drops", drops);
  return result;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_value fn;
  napi_create_function(env, "read", NAPI_AUTO_LENGTH, Read, nullptr, &fn);
  napi_set_named_property(env, exports, "read", fn);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
