// libFuzzer target: arbitrary bytes through the module reader, the verifier
// and the disassembler. Nothing may crash, leak, hang or allocate beyond a
// small multiple of the input; an accepted file must write back to the same
// bytes (the format has one encoding per module).
//
// Build (CMake): -DGIRDER_FUZZ=ON with clang; or standalone, without the rest
// of the VM (see tests/fuzz/build_fuzz_loader.sh):
//   clang++ -DGIRDER_FUZZ_STANDALONE -fsanitize=fuzzer,address,undefined ...
// Run: fuzz_loader tests/fuzz/corpus/loader -runs=1000000
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>
#include <span>
#include <string>

#include "loader/disasm.h"
#include "loader/module_file.h"
#include "loader/verify.h"
#include "vm/bif/bif.h"
#include "vm/bif/registry.h"
#include "vm/term/atom.h"

#ifdef GIRDER_FUZZ_STANDALONE
// A stand-in BIF table so the target links with just the atom and BIF table
// code: a few real names, so 'b' operands can verify.
namespace girder::vm {
namespace {
Term fuzz_bif(Process&, const Term*) { return kNonValue; }
constexpr BifSpec kFuzzBifs[] = {
    {"erlang", "length", 1, fuzz_bif, true},
    {"erlang", "self", 0, fuzz_bif, true},
    {"erlang", "element", 2, fuzz_bif, true},
    {"erlang", "setelement", 3, fuzz_bif, false},
};
}  // namespace
std::vector<std::span<const BifSpec>> all_bif_tables() { return {kFuzzBifs}; }
}  // namespace girder::vm
#endif

namespace {

void check(const std::uint8_t* data, std::size_t size) {
  using namespace girder;
  static vm::AtomTable* atoms = new vm::AtomTable();
  static vm::BifTable* bifs = new vm::BifTable(*atoms);

  loader::AsmModule m;
  std::string error;
  if (!loader::read_module(std::span(data, size), m, error)) {
    if (error.empty()) std::abort();  // every refusal must say why
    return;
  }
  // One encoding per module: what was read writes back byte for byte.
  std::vector<std::uint8_t> again = loader::write_module(m);
  if (again.size() != size || !std::equal(again.begin(), again.end(), data)) std::abort();
  (void)loader::disassemble(m);
  if (!loader::verify_module(m, *bifs, *atoms, error) && error.empty()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check(data, size);
  // Mutations almost never keep the content hash right, which would stop
  // every mutated file at the HASH check and leave the verifier unfuzzed: so
  // also try the input with its trailing hash recomputed.
  if (size >= 24 && std::memcmp(data + size - 16, "HASH", 4) == 0) {
    std::vector<std::uint8_t> fixed(data, data + size);
    std::uint64_t h = girder::loader::fnv1a64(std::span(data, size - 16));
    for (int i = 0; i < 8; ++i) fixed[size - 8 + i] = static_cast<std::uint8_t>(h >> (8 * i));
    check(fixed.data(), fixed.size());
  }
  return 0;
}
