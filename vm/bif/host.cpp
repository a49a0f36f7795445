// The BIFs an embedding host's features run on (vm/embed/capi.cpp, the C
// API in vm/embed/include/girder.h): girder_bif:host_mailbox_put/1, which a
// host mailbox's process (stdlib/girder_host.erl) calls for every message,
// and girder_bif:call_native/2, which the stub module of a registered
// native calls. Without a host (the CLI) both raise badarg.
#include "vm/bif/bif.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

Term bif_host_mailbox_put(Process& p, const Term* a) {
  HostHooks* hooks = p.vm().host_hooks();
  if (hooks == nullptr) return p.badarg();
  return hooks->mailbox_put(p, a[0]) ? atoms::ok : atoms::closed;
}

Term bif_call_native(Process& p, const Term* a) {
  HostHooks* hooks = p.vm().host_hooks();
  if (hooks == nullptr || !a[0].is_small() || a[0].small_value() < 0) return p.badarg();
  return hooks->call_native(p, static_cast<Word>(a[0].small_value()), a[1]);
}

constexpr BifSpec kHostBifs[] = {
    {"girder_bif", "host_mailbox_put", 1, bif_host_mailbox_put, false},
    {"girder_bif", "call_native", 2, bif_call_native, false},
};

}  // namespace

std::span<const BifSpec> bifs_host() { return kHostBifs; }

}  // namespace girder::vm
