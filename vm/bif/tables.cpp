// The one list of BIF tables: one line per bif/<area>.cpp.
#include "vm/bif/bif.h"

namespace girder::vm {

std::span<const BifSpec> bifs_core();
std::span<const BifSpec> bifs_erlang();
std::span<const BifSpec> bifs_io();
std::span<const BifSpec> bifs_binary();
std::span<const BifSpec> bifs_hex();
std::span<const BifSpec> bifs_lists();
std::span<const BifSpec> bifs_numbers();
std::span<const BifSpec> bifs_math();
std::span<const BifSpec> bifs_maps();
std::span<const BifSpec> bifs_process();
std::span<const BifSpec> bifs_code();
std::span<const BifSpec> bifs_file();
std::span<const BifSpec> bifs_os();
std::span<const BifSpec> bifs_ets();
std::span<const BifSpec> bifs_inet();
std::span<const BifSpec> bifs_udp();
std::span<const BifSpec> bifs_port();
std::span<const BifSpec> bifs_host();
std::span<const BifSpec> bifs_crypto();

std::vector<std::span<const BifSpec>> all_bif_tables() {
  return {
      bifs_core(),
      bifs_erlang(),
      bifs_io(),
      bifs_binary(),
      bifs_hex(),
      bifs_lists(),
      bifs_numbers(),
      bifs_math(),
      bifs_maps(),
      bifs_process(),
      bifs_code(),
      bifs_file(),
      bifs_os(),
      bifs_ets(),
      bifs_inet(),
      bifs_udp(),
      bifs_port(),
      bifs_host(),
      bifs_crypto(),
  };
}

}  // namespace girder::vm
