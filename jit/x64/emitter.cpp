// The emitter's skeleton: translating a unit instruction by instruction, the
// dispatch from opcode to emit_<op>, operand access and the tag tests and
// runtime glue the instruction areas share. The register contract and the
// fast-path rule are in emitter.h.
#include "jit/x64/emitter.h"

namespace girder::jit::x64 {

using namespace asmjit;

UnitCompiler::UnitCompiler(x86::Assembler& a, const Layout& layout, const InlineBifs& bifs, bool inline_fast_paths,
                           Word* code, std::size_t words, std::vector<std::uint32_t> starts, std::vector<Opcode> ops)
    : a_(a), L_(layout), bifs_(bifs), inline_(inline_fast_paths), code_(code), words_(words), starts_(std::move(starts)), ops_(std::move(ops)) {
  index_at_.assign(words_, -1);
  for (std::size_t i = 0; i < starts_.size(); ++i) {
    index_at_[starts_[i]] = static_cast<std::int32_t>(i);
    labels_.push_back(a_.newLabel());
  }
  step_stub_ = a_.newLabel();
  exit_ = a_.newLabel();
}

bool UnitCompiler::compile() {
  for (std::size_t i = 0; i < starts_.size(); ++i) {
    a_.bind(labels_[i]);
    if (!emit(i)) return false;
  }
  // Cold code may add more slow paths, so run it first.
  // (Each runs from a local copy: it may grow cold_ under itself.)
  for (std::size_t k = 0; k < cold_.size(); ++k) {
    std::function<void()> emit_cold = std::move(cold_[k]);
    emit_cold();
  }
  for (const auto& [label, index] : slow_) {
    a_.bind(label);
    emit_step_site(index);
  }
  emit_step_stub();
  return true;
}

// --- dispatch ---

bool UnitCompiler::emit(std::size_t i) {
  if (!inline_) {
    emit_step_site(i);
    return true;
  }
  switch (ops_[i]) {
    case Opcode::move: return emit_move(i);
    case Opcode::swap: return emit_swap(i);
    case Opcode::init_x: return emit_init_x(i);
    case Opcode::init_yregs: return emit_init_yregs(i);
    case Opcode::allocate: return emit_allocate(i);
    case Opcode::deallocate: return emit_deallocate(i);
    case Opcode::test_heap: return emit_test_heap(i);

    case Opcode::call:
    case Opcode::call_last:
    case Opcode::call_only:
      return emit_call(i);

    case Opcode::call_ext:
    case Opcode::call_ext_last:
    case Opcode::call_ext_only:
      return emit_call_ext(i);

    case Opcode::bif0:
    case Opcode::bif1:
    case Opcode::bif2:
    case Opcode::bif3:
      return emit_bif(i);

    case Opcode::call_fun:
    case Opcode::call_fun_last:
    case Opcode::call_fun_only:
      return emit_call_fun(i);

    case Opcode::bs_start_match:
    case Opcode::bs_get_integer:
    case Opcode::bs_get_float:
    case Opcode::bs_get_binary:
    case Opcode::bs_get_utf8:
    case Opcode::bs_get_utf16:
    case Opcode::bs_get_utf32:
    case Opcode::bs_skip_bits:
    case Opcode::bs_test_tail:
    case Opcode::bs_test_unit:
    case Opcode::bs_match_string:
    case Opcode::bs_get_tail:
    case Opcode::bs_position:
    case Opcode::bs_set_position:
      return emit_bs(i);

    case Opcode::length: return emit_length(i);
    case Opcode::call_bif: return emit_call_bif(i);
    case Opcode::loop_rec: return emit_loop_rec(i);
    case Opcode::remove_message: return emit_remove_message(i);
    case Opcode::send: return emit_send(i);
    case Opcode::wait: return emit_wait(i);
    case Opcode::loop_rec_end: return emit_loop_rec_end(i);
    case Opcode::return_: return emit_return(i);
    case Opcode::jump: return emit_jump(i);

    case Opcode::add:
    case Opcode::sub:
    case Opcode::mul:
    case Opcode::band:
    case Opcode::bor:
    case Opcode::bxor:
    case Opcode::int_div:
    case Opcode::int_rem:
      return emit_arith(i);

    case Opcode::is_lt:
    case Opcode::is_ge:
      return emit_order_test(i);

    case Opcode::is_eq_exact:
    case Opcode::is_ne_exact:
    case Opcode::is_eq:
    case Opcode::is_ne:
      return emit_equality_test(i);

    case Opcode::is_integer:
    case Opcode::is_number:
    case Opcode::is_atom:
    case Opcode::is_nil:
    case Opcode::is_nonempty_list:
    case Opcode::is_list:
    case Opcode::is_tuple:
    case Opcode::is_boolean:
    case Opcode::is_pid:
    case Opcode::is_float:
      return emit_type_test(i);

    case Opcode::test_arity:
    case Opcode::is_tagged_tuple:
      return emit_test_arity(i);

    case Opcode::select_val: return emit_select_val(i);
    case Opcode::select_tuple_arity: return emit_select_tuple_arity(i);
    case Opcode::get_list: return emit_get_list(i);

    case Opcode::get_hd:
    case Opcode::get_tl:
      return emit_get_hd_tl(i);

    case Opcode::get_tuple_element: return emit_get_tuple_element(i);
    case Opcode::put_list: return emit_put_list(i);
    case Opcode::make_fun: return emit_make_fun(i);
    case Opcode::put_tuple: return emit_put_tuple(i);

    case Opcode::try_:
    case Opcode::catch_:
      return emit_try(i);

    case Opcode::try_end: return emit_try_end(i);
    case Opcode::try_case: return emit_try_case(i);
    case Opcode::catch_end: return emit_catch_end(i);

    default:
      emit_step_site(i);
      return true;
  }
}

// --- operands ---

x86::Mem UnitCompiler::reg_mem(Word w) const {
  auto n = static_cast<std::int32_t>(vm::operand_register_index(w));
  return vm::operand_is_y(w) ? x86::qword_ptr(kRegE, (n + 1) * 8) : x86::qword_ptr(kRegX, n * 8);
}

void UnitCompiler::load(const x86::Gp& r, Word w) {
  if (vm::operand_is_register(w)) {
    a_.mov(r, reg_mem(w));
  } else {
    a_.mov(r, Imm(static_cast<std::int64_t>(w)));
  }
}

void UnitCompiler::store(Word w, const x86::Gp& r) { a_.mov(reg_mem(w), r); }

void UnitCompiler::store_imm(Word w, Word value) {
  a_.mov(x86::rax, Imm(static_cast<std::int64_t>(value)));
  a_.mov(reg_mem(w), x86::rax);
}

const Label* UnitCompiler::target(Word address) const {
  auto* p = reinterpret_cast<const Word*>(address);
  if (p < code_ || p >= code_ + words_) return nullptr;
  std::int32_t idx = index_at_[static_cast<std::size_t>(p - code_)];
  return idx < 0 ? nullptr : &labels_[static_cast<std::size_t>(idx)];
}

Label UnitCompiler::slow(std::size_t i) {
  Label l = a_.newLabel();
  slow_.emplace_back(l, i);
  return l;
}

Label UnitCompiler::next_or(std::size_t i, const Label& otherwise) const {
  return i + 1 < starts_.size() ? labels_[i + 1] : otherwise;
}

// --- shared tests ---

// Flags = compare (r & mask) with value (scratch: edx).
void UnitCompiler::cmp_low_bits(const x86::Gp& r, int mask, int value) {
  a_.mov(x86::edx, r.r32());
  a_.and_(x86::edx, mask);
  a_.cmp(x86::edx, value);
}

// Flags = compare (rax & rcx & mask) with value (scratch: edx): with a tag
// of all ones under the mask, equal iff both words carry it.
void UnitCompiler::cmp_low_bits_of_both(int mask, int value) {
  a_.mov(x86::edx, x86::eax);
  a_.and_(x86::edx, x86::ecx);
  a_.and_(x86::edx, mask);
  a_.cmp(x86::edx, value);
}

// Jump to `slow` unless r holds a small integer (scratch: edx).
void UnitCompiler::require_small(const x86::Gp& r, const Label& slow) {
  cmp_low_bits(r, kImmed1TagMask, kSmallTag);
  a_.jne(slow);
}

// Jump to `slow` unless both operand values (in rax, rcx) are smalls;
// literal smalls need no test.
void UnitCompiler::require_smalls(Word wa, Word wb, const Label& slow) {
  if (is_small_literal(wa) && is_small_literal(wb)) return;
  if (is_small_literal(wa)) {
    require_small(x86::rcx, slow);
  } else if (is_small_literal(wb)) {
    require_small(x86::rax, slow);
  } else {
    cmp_low_bits_of_both(kImmed1TagMask, kSmallTag);
    a_.jne(slow);
  }
}

// Jump to `no` unless rax is boxed with a header (loaded into rdx) whose
// kind is `kind`.
void UnitCompiler::require_box_kind(vm::BoxKind kind, const Label& no) {
  cmp_low_bits(x86::rax, kPrimaryTagMask, kBoxedTag);
  a_.jne(no);
  a_.mov(x86::rdx, x86::qword_ptr(x86::rax, boxed_offset(0)));
  a_.mov(x86::ecx, x86::edx);
  a_.and_(x86::ecx, kHeaderKindMask);
  a_.cmp(x86::ecx, header_kind_bits(kind));
  a_.jne(no);
}

// Go to `no` unless `r` is a boxed float (its double at boxed_offset(1)).
// Clobbers edx.
void UnitCompiler::require_boxed_float(const x86::Gp& r, const Label& no) {
  cmp_low_bits(r, kPrimaryTagMask, kBoxedTag);
  a_.jne(no);
  a_.cmp(x86::qword_ptr(r, boxed_offset(0)), kFloatHeader);
  a_.jne(no);
}

// --- runtime glue ---

// Bump-allocate `words` heap words into rax, or go to `slow`. Clobbers rdx.
void UnitCompiler::alloc(std::size_t words, const Label& slow) {
  a_.mov(x86::rax, x86::qword_ptr(kRegP, L_.htop));
  a_.lea(x86::rdx, x86::qword_ptr(x86::rax, static_cast<std::int32_t>(words * 8)));
  a_.cmp(x86::rdx, x86::qword_ptr(kRegP, L_.hlimit));
  a_.ja(slow);
  a_.mov(x86::qword_ptr(kRegP, L_.htop), x86::rdx);
}

// Publish pc, cp and e before calling a BIF (some BIFs look at them).
void UnitCompiler::save_state(const Word* pc) {
  a_.mov(x86::rax, Imm(reinterpret_cast<std::int64_t>(pc)));
  a_.mov(x86::qword_ptr(kRegP, L_.pc), x86::rax);
  a_.mov(x86::qword_ptr(kRegP, L_.cp), kRegCP);
  a_.mov(x86::qword_ptr(kRegP, L_.e), kRegE);
}

// reds -= what the BIF just charged (Process::take_charge).
void UnitCompiler::take_charge() {
  a_.mov(x86::rax, x86::qword_ptr(kRegP, L_.charged));
  a_.sub(kRegReds, x86::rax);
  a_.mov(x86::qword_ptr(kRegP, L_.charged), 0);
}

}  // namespace girder::jit::x64
