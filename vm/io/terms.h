// Small term helpers the port kinds share (UDP, OS processes): results
// built on a process heap by BIFs, and reading option values. Messages
// built off any heap (on the loop thread) are in message.h.
#pragma once

#include <cstdint>

#include "vm/proc/process.h"
#include "vm/term/build.h"
#include "vm/term/term.h"
#include "vm/vm.h"

namespace girder::vm::io {

inline Term ok_tuple(Process& p, Term value) { return make_tuple(p, {atoms::ok, value}); }
inline Term error_tuple(Process& p, Term reason) { return make_tuple(p, {atoms::error, reason}); }

// A reference no other reference equals (the id of a reply to wait for).
inline RefId fresh_ref(VM& vm) { return RefId{vm.next_ref_id(), 0}; }

inline Term ref_term(Process& p, RefId id) {
  Word* obj = p.alloc(kRefObjectWords);
  obj[0] = make_header(BoxKind::Ref, kRefWords);
  obj[1] = id.w0;
  obj[2] = id.w1;
  return Term::boxed(obj);
}

inline RefId ref_id(Term ref) { return RefId{ref.box_ptr()[1], ref.box_ptr()[2]}; }

// A small integer in [lo, hi].
inline bool get_int(Term t, std::int64_t lo, std::int64_t hi, std::int64_t& out) {
  if (!t.is_small()) return false;
  out = t.small_value();
  return out >= lo && out <= hi;
}

inline bool get_bool(Term t, bool& out) {
  if (t != kTrue && t != kFalse) return false;
  out = t == kTrue;
  return true;
}

}  // namespace girder::vm::io
