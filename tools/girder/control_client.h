// The client side of the control socket (`girder load`, `girder modules`):
// builds protocol-1 requests, sends one over the Unix domain socket of a
// VM started with `girder run --control PATH`, and reads the reply. The
// protocol is in docs/internals/control.md; the server is
// stdlib/girder_control.erl.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace girder::control {

// A reply larger than this is refused (the VM's replies are text listings).
inline constexpr std::uint32_t kMaxReply = 64 * 1024 * 1024;

struct Reply {
  bool ok = false;
  std::string text;  // for people
  std::string json;  // for --json
};

// Request frames (the external term format of {girder_control, 1, Request}).
std::string ping_request();
std::string modules_request();
// modules: (name, module file bytes), loaded all or none; with `upgrade`,
// the processes of those modules get their state migrated (code_change).
std::string load_request(const std::vector<std::pair<std::string, std::string>>& modules, bool purge, bool upgrade = false);

// One round trip; false with `error` when the VM cannot be reached or
// answers something that is not a protocol-1 reply.
bool request(const std::string& path, const std::string& frame, Reply& reply, std::string& error);

}  // namespace girder::control
