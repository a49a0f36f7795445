// Tests, comparisons and selects: is_lt/is_ge (two smalls inline, two floats
// in cold code), the four equality tests (decided when the words are equal
// or an immediate settles it), the cheap type tests, test_arity and
// is_tagged_tuple, select_val on immediate keys and select_tuple_arity.
// Whatever a test cannot decide from the tags goes to the step, which runs
// the generic term comparison.
#include "jit/x64/emitter.h"
#include "vm/term/atom.h"

namespace girder::jit::x64 {

using namespace asmjit;

bool UnitCompiler::emit_order_test(std::size_t i) {
  const Word* I = instr(i);
  const Label* fail = target(I[1]);
  if (fail == nullptr) return false;
  Word wa = I[2], wb = I[3];
  auto number_literal = [](Word w) { return !is_literal(w) || is_small_literal(w) || is_float_literal(w); };
  if (!number_literal(wa) || !number_literal(wb)) {
    emit_step_site(i);
    return true;
  }
  bool float_literal = is_float_literal(wa) || is_float_literal(wb);
  bool small_literal = is_small_literal(wa) || is_small_literal(wb);
  bool lt = ops_[i] == Opcode::is_lt;
  Label s = slow(i);
  // Two smalls compare inline, two floats in cold code (exactly, as
  // doubles); a small against a float, and everything else, step.
  Label floats = a_.newLabel();
  load(x86::rax, wa);
  load(x86::rcx, wb);
  if (float_literal) {
    a_.jmp(floats);
  } else {
    require_smalls(wa, wb, small_literal ? s : floats);
    a_.cmp(x86::rax, x86::rcx);  // tagged smalls order as their values
    if (lt) {
      a_.jge(*fail);
    } else {
      a_.jl(*fail);
    }
  }
  if (float_literal || !small_literal) {
    Label next = next_or(i, s);
    const Label fail_label = *fail;
    cold_.push_back([this, floats, s, next, fail_label, lt] {
      a_.bind(floats);
      for (const x86::Gp& r : {x86::rax, x86::rcx}) require_boxed_float(r, s);
      a_.movsd(x86::xmm0, x86::qword_ptr(x86::rax, boxed_offset(1)));
      a_.ucomisd(x86::xmm0, x86::qword_ptr(x86::rcx, boxed_offset(1)));
      if (lt) {
        a_.jae(fail_label);  // not a < b
      } else {
        a_.jb(fail_label);  // a < b
      }
      a_.jmp(next);
    });
  }
  return true;
}

// Equal words are equal terms; differing words where one side is an
// immediate are different terms, except that == must still compare a
// small with a float. Everything else goes to the generic comparison.
bool UnitCompiler::emit_equality_test(std::size_t i) {
  const Word* I = instr(i);
  const Label* fail = target(I[1]);
  if (fail == nullptr) return false;
  bool exact = ops_[i] == Opcode::is_eq_exact || ops_[i] == Opcode::is_ne_exact;
  bool want_equal = ops_[i] == Opcode::is_eq_exact || ops_[i] == Opcode::is_eq;
  Word wa = I[2], wb = I[3];
  Label next = a_.newLabel();
  const Label& on_equal = want_equal ? next : *fail;
  const Label& on_differ = want_equal ? *fail : next;
  load(x86::rax, wa);
  load(x86::rcx, wb);
  a_.cmp(x86::rax, x86::rcx);
  a_.je(on_equal);
  // A literal immediate that is not a small differs from anything with
  // another word; so does any immediate under =:=.
  auto decisive_literal = [&](Word w) {
    if (!is_literal(w)) return false;
    Term t = Term::from_raw(w);
    return t.is_immediate() && (exact || !t.is_small());
  };
  if (decisive_literal(wa) || decisive_literal(wb)) {
    a_.jmp(on_differ);
  } else {
    Label s = slow(i);
    // Both immediate: different. For ==, only two smalls (or a non-small
    // immediate against anything) are decided here; else the slow path.
    cmp_low_bits_of_both(kPrimaryTagMask, kImmed1Tag);
    a_.je(on_differ);
    if (exact) {
      // One side immediate, the other not: different.
      cmp_low_bits(x86::rax, kPrimaryTagMask, kImmed1Tag);
      a_.je(on_differ);
      cmp_low_bits(x86::rcx, kPrimaryTagMask, kImmed1Tag);
      a_.je(on_differ);
    }
    a_.jmp(s);
  }
  a_.bind(next);
  return true;
}

bool UnitCompiler::emit_type_test(std::size_t i) {
  const Word* I = instr(i);
  const Label* fail = target(I[1]);
  if (fail == nullptr) return false;
  load(x86::rax, I[2]);
  auto low_bits_are = [&](int mask, int value, const Label& no) {
    cmp_low_bits(x86::rax, mask, value);
    a_.jne(no);
  };
  switch (ops_[i]) {
    case Opcode::is_integer:
    case Opcode::is_number: {
      // Smalls here; anything boxed (a bignum or float) goes to the step.
      Label next = a_.newLabel();
      cmp_low_bits(x86::rax, kImmed1TagMask, kSmallTag);
      a_.je(next);
      low_bits_are(kPrimaryTagMask, kBoxedTag, *fail);
      a_.jmp(slow(i));
      a_.bind(next);
      break;
    }
    case Opcode::is_atom: low_bits_are(kImmed2TagMask, kAtomTag, *fail); break;
    case Opcode::is_pid: low_bits_are(kImmed1TagMask, kPidTag, *fail); break;
    case Opcode::is_nonempty_list: low_bits_are(kPrimaryTagMask, kListTag, *fail); break;
    case Opcode::is_nil:
      a_.cmp(x86::rax, kNilWord);
      a_.jne(*fail);
      break;
    case Opcode::is_list: {
      Label next = a_.newLabel();
      a_.cmp(x86::rax, kNilWord);
      a_.je(next);
      low_bits_are(kPrimaryTagMask, kListTag, *fail);
      a_.bind(next);
      break;
    }
    case Opcode::is_boolean: {
      Label next = a_.newLabel();
      a_.mov(x86::rcx, Imm(static_cast<std::int64_t>(vm::kTrue.raw())));
      a_.cmp(x86::rax, x86::rcx);
      a_.je(next);
      a_.mov(x86::rcx, Imm(static_cast<std::int64_t>(vm::kFalse.raw())));
      a_.cmp(x86::rax, x86::rcx);
      a_.jne(*fail);
      a_.bind(next);
      break;
    }
    case Opcode::is_tuple: require_box_kind(vm::BoxKind::Tuple, *fail); break;
    case Opcode::is_float: require_box_kind(vm::BoxKind::Float, *fail); break;
    default: break;
  }
  return true;
}

bool UnitCompiler::emit_test_arity(std::size_t i) {
  const Word* I = instr(i);
  const Label* fail = target(I[1]);
  if (fail == nullptr) return false;
  load(x86::rax, I[2]);
  require_box_kind(vm::BoxKind::Tuple, *fail);
  a_.mov(x86::rcx, Imm(static_cast<std::int64_t>(vm::make_header(vm::BoxKind::Tuple, I[3]))));
  a_.cmp(x86::rdx, x86::rcx);
  a_.jne(*fail);
  if (ops_[i] == Opcode::is_tagged_tuple) {
    a_.mov(x86::rcx, Imm(static_cast<std::int64_t>(I[4])));
    a_.cmp(x86::qword_ptr(x86::rax, boxed_offset(1)), x86::rcx);
    a_.jne(*fail);
  }
  return true;
}

bool UnitCompiler::emit_select_val(std::size_t i) {
  const Word* I = instr(i);
  const Label* fail = target(I[2]);
  if (fail == nullptr) return false;
  Word n = I[3];
  const Word* table = I + 4;
  for (Word k = 0; k < n; ++k) {
    if (!Term::from_raw(table[2 * k]).is_immediate()) {
      emit_step_site(i);  // a boxed key (float, bignum...): generic matching
      return true;
    }
  }
  load(x86::rax, I[1]);
  for (Word k = 0; k < n; ++k) {
    const Label* t = target(table[2 * k + 1]);
    if (t == nullptr) return false;
    a_.mov(x86::rcx, Imm(static_cast<std::int64_t>(table[2 * k])));
    a_.cmp(x86::rax, x86::rcx);
    a_.je(*t);
  }
  a_.jmp(*fail);
  return true;
}

bool UnitCompiler::emit_select_tuple_arity(std::size_t i) {
  const Word* I = instr(i);
  const Label* fail = target(I[2]);
  if (fail == nullptr) return false;
  load(x86::rax, I[1]);
  require_box_kind(vm::BoxKind::Tuple, *fail);
  const Word* table = I + 4;
  for (Word k = 0; k < I[3]; ++k) {
    const Label* t = target(table[2 * k + 1]);
    if (t == nullptr) return false;
    auto arity = static_cast<Word>(Term::from_raw(table[2 * k]).small_value());
    a_.mov(x86::rcx, Imm(static_cast<std::int64_t>(vm::make_header(vm::BoxKind::Tuple, arity))));
    a_.cmp(x86::rdx, x86::rcx);
    a_.je(*t);
  }
  a_.jmp(*fail);
  return true;
}

}  // namespace girder::jit::x64
