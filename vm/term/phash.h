// erlang:phash2/1,2 and erlang:phash/2: the documented-stable term hashes.
//
// phash2 values must equal OTP's bit for bit (they are persisted by users and
// used to pick shards across nodes), so the traversal order, the per-kind
// constants and the mixing function follow OTP's definition exactly: Bob
// Jenkins' lookup2 mix over 32-bit pieces of each term, with maps hashed
// order-independently (each key/value pair hashed alone, the pair hashes
// xor-ed). The walk uses an explicit stack, so deep terms cannot overflow the
// C++ stack.
#pragma once

#include <cstdint>
#include <string_view>

#include "vm/term/term.h"

namespace girder::vm {

class VM;

// The full 32-bit phash2 hash (phash2/1 masks it to 27 bits).
std::uint32_t phash2_hash(const VM& vm, Term term);
// OTP's atom hash (hashpjw over the latin-1 view of the name); exposed because
// phash2 of an atom is this value.
std::uint32_t atom_text_hash(std::string_view utf8_name);

}  // namespace girder::vm
