// The interpreter loop.
//
// State lives in locals while a process runs: I (the current instruction),
// E (frame pointer, the lowest used stack word), CP (continuation), x (the
// X register file), reds (reductions left). Sync points, where that state is
// written back to the Process, are named: GIRDER_SAVE_STATE() before anything that
// can collect garbage, raise, yield or wait.
//
// Instruction words: I[0] is the handler address, I[1..] the operands
// (operand.h). Every handler ends by jumping to the next instruction with
// GIRDER_NEXT(n) (n = operand words) or to a target with GIRDER_GOTO(p).
#include "vm/exec/interp.h"

#include <cmath>
#include <cstring>

#include "vm/bif/registry.h"
#include "vm/exec/arith.h"
#include "vm/exec/backend.h"
#include "vm/exec/code.h"
#include "vm/exec/errors.h"
#include "vm/exec/operand.h"
#include "vm/proc/process.h"
#include "vm/proc/signals.h"
#include "vm/proc/timer.h"
#include "vm/term/atom.h"
#include "vm/term/binary.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/term/map.h"
#include "vm/text/print.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

// CP while a framed function runs: its real continuation is in its frame
// (E[0]), so the register holds this marker rather than a stale return
// address, and stack traces never show a frame twice. Never jumped to: a
// framed function restores CP (deallocate, call_last) before it returns.
const Word* const kInFrame = reinterpret_cast<const Word*>(alignof(Word));

// A float result of the arithmetic fast paths (never collects).
inline Term box_float(Heap& heap, double value) {
  Word* obj = heap.alloc(kFloatWords);
  obj[0] = make_header(BoxKind::Float, 1);
  std::memcpy(&obj[1], &value, sizeof(double));
  return Term::boxed(obj);
}

// The stack trace of an error raised by a BIF: the BIF with its arguments on
// top (with OTP's error_info: erl_erts_errors for erlang BIFs,
// erl_stdlib_errors for those of lists, maps, binary and math, which OTP
// also implements in C), then the caller's frames; error/2,3
// instead put their argument list into the caller's frame; error/1, exit/1,
// throw/1 and raise/3 add no frame of their own.
Term bif_error_trace(Process& p, const Word* pc, const Word* cp, Term* e, Term module, Term function,
                     std::span<const Term> args) {
  Term error_args = p.take_error_args();
  bool own_frame = !(module == atoms::erlang &&
                     (function == atoms::error || function == atoms::exit || function == atoms::throw_ ||
                      function == atoms::nif_error || function == p.vm().atoms().intern("raise")));
  if (!own_frame) {
    Term trace = build_stacktrace(p, pc, cp, e, kNonValue, kNonValue, kNonValue);
    if (error_args.is_value() && trace.is_list() && trace.head().is_tuple() && trace.head().tuple_arity() == 4) {
      trace.head().tuple_elements()[2] = error_args;  // freshly built: nobody else sees it
    }
    return trace;
  }
  Term trace = build_stacktrace(p, pc, cp, e, module, function, make_list(p, args));
  AtomTable& atoms = p.vm().atoms();
  Term info_module = kNonValue;
  if (module == atoms::erlang) {
    info_module = atoms.intern("erl_erts_errors");
  } else if (module == atoms::lists || module == atoms.intern("maps") || module == atoms.intern("binary") ||
             module == atoms.intern("math")) {
    info_module = atoms.intern("erl_stdlib_errors");
  }
  if (info_module.is_value() && trace.is_list() && trace.head().is_tuple()) {
    Term key = atoms::module;
    Term value = info_module;
    Term info = make_tuple(p, {atoms::error_info, map_from_pairs(p, std::span<const Term>(&key, 1),
                                                                 std::span<const Term>(&value, 1))});
    trace.head().tuple_elements()[3] = make_list(p, std::span<const Term>(&info, 1));
  }
  return trace;
}

// Execute, or (when table_out is set) just publish the handler table.
//
// kStep = true is the JIT's fallback (see step() in interp.h): it runs the
// one instruction at p.exec().pc, whose opcode is `step_opcode`, on the
// machine state `ms`, and returns Continue with p.exec().pc at the next
// instruction instead of dispatching to it. The handlers are the same code.
template <bool kStep>
RunResult execute(Process* proc, int reductions, const void* const** table_out, MachineState* ms = nullptr,
                  int step_opcode = 0) {
  static const void* const kHandlers[] = {
#define GIRDER_OP(name, operands, flags) &&op_##name,
#include "vm/exec/opcodes.def"
#undef GIRDER_OP
  };
  static_assert(std::size(kHandlers) == kOpcodeCount);
  if (table_out != nullptr) {
    *table_out = kHandlers;
    return RunResult::Exited;
  }

  // Only `p` is kept: the heap, the saved state and the VM are reached
  // through it, which leaves callee-saved registers for I, E, CP and reds.
  Process& p = *proc;

  XRegisterFile x_file;  // unused (and never touched) in step mode
  Term* const x = kStep ? ms->x : x_file.get();
  const Word* I = p.exec().pc;
  const Word* CP = p.exec().cp;
  Term* E = p.exec().e;
  int reds = reductions;
  if constexpr (kStep) {
    reds = ms->reds;
    reductions = ms->slice;
  } else {
    begin_slice(p, x);
  }

  // Scratch for BIF arguments and error building.
  Term bif_args[4];
  Word call_fun_arity = 0;
  Word bif_arity = 0;  // bif1..bif3: how many of bif_args are set
  bool map_exact = false;
  ExportEntry* call_ep = nullptr;
  // X registers that hold the callee's arguments when a call yields.
  Word yield_live = 0;
  Term error_value;  // reason being raised by an error handler below

#define GIRDER_GOTO(target)                                  \
  do {                                                \
    I = (target);                                     \
    if constexpr (kStep) goto step_continue;          \
    else goto* reinterpret_cast<const void*>(I[0]);   \
  } while (0)
#define GIRDER_NEXT(n) GIRDER_GOTO(I + 1 + (n))
#define GIRDER_OPW(k) (I[(k)])
// Operand access as macros over the locals (not lambdas capturing them by
// reference, which would force E and x out of registers).
#define GIRDER_READ_SRC(w)                                                                                   \
  (operand_is_register(w) ? (operand_is_y(w) ? E[operand_register_index(w) + 1] : x[operand_register_index(w)]) \
                          : Term::from_raw(w))
#define GIRDER_DST_REF(w) (*(operand_is_y(w) ? &E[operand_register_index(w) + 1] : &x[operand_register_index(w)]))
#define GIRDER_SRC(k) GIRDER_READ_SRC(GIRDER_OPW(k))
#define GIRDER_DST(k) GIRDER_DST_REF(GIRDER_OPW(k))
#define GIRDER_LABEL(k) reinterpret_cast<const Word*>(GIRDER_OPW(k))
#define GIRDER_SAVE_STATE() \
  do {               \
    p.exec().pc = I;       \
    p.exec().cp = CP;      \
    p.exec().e = E;        \
  } while (0)

  // Ensure `need` free heap words; x[0..live) survive.
#ifdef GIRDER_GC_TORTURE
#define GIRDER_ENSURE_HEAP(need, live)                              \
  do {                                                        \
    p.garbage_collect(x, (live), E, (need));                  \
    if (p.over_heap_limit()) goto heap_limit_exceeded;        \
  } while (0)
#else
#define GIRDER_ENSURE_HEAP(need, live)                                     \
  do {                                                               \
    if (!p.heap().has_room(need)) {                                      \
      p.garbage_collect(x, (live), E, (need));                       \
      if (p.over_heap_limit()) goto heap_limit_exceeded;             \
    }                                                                \
  } while (0)
#endif

  if constexpr (kStep) goto* kHandlers[step_opcode];
  GIRDER_GOTO(I);

step_continue:
  __attribute__((unused));
  // Step mode only: the instruction is done; the JIT goes on at I.
  GIRDER_SAVE_STATE();
  ms->reds = reds;
  return RunResult::Continue;

  // --- pseudo-instructions: the loader drops them ---
op_label:
op_line:
  p.fail(atoms::error, atoms::badarg);
  goto handle_error;

op_func_info: {
  // Raised when no clause matched: the reason is function_clause and the
  // top frame carries the arguments.
  GIRDER_SAVE_STATE();
  Word arity = GIRDER_OPW(3);
  Term args = make_list(p, std::span<const Term>(x, arity));
  p.fail(atoms::error, atoms::function_clause);
  p.error_stacktrace() = build_stacktrace(p, I, CP, E, Term::from_raw(GIRDER_OPW(1)), Term::from_raw(GIRDER_OPW(2)), args);
  goto unwind;
}

op_move:
  GIRDER_DST(2) = GIRDER_SRC(1);
  GIRDER_NEXT(2);

op_swap: {
  Term a = GIRDER_DST(1);
  GIRDER_DST(1) = GIRDER_DST(2);
  GIRDER_DST(2) = a;
  GIRDER_NEXT(2);
}

op_allocate: {
  Word slots = GIRDER_OPW(1);
  if (static_cast<Word>(E - p.stack_lo()) < slots + 1) {
    E = p.grow_stack(E, slots + 1);
  }
  E -= slots + 1;
  E[0] = Term::from_raw(reinterpret_cast<Word>(CP));
  CP = kInFrame;
  for (Word i = 1; i <= slots; ++i) E[i] = kNonValue;
  GIRDER_NEXT(2);
}

op_deallocate:
  CP = reinterpret_cast<const Word*>(E[0].raw());
  E += GIRDER_OPW(1) + 1;
  GIRDER_NEXT(1);

op_init_yregs: {
  Word n = GIRDER_OPW(1);
  for (Word i = 0; i < n; ++i) GIRDER_DST(2 + i) = kNil;
  GIRDER_NEXT(1 + n);
}

op_test_heap:
#ifndef GIRDER_GC_TORTURE
  if (p.heap().has_room(GIRDER_OPW(1))) GIRDER_NEXT(2);
#endif
  GIRDER_SAVE_STATE();
  GIRDER_ENSURE_HEAP(GIRDER_OPW(1), GIRDER_OPW(2));
  GIRDER_NEXT(2);

  // --- calls ---
  // The three entries of a call family (opcodes.def declares body, _last,
  // _only in that order): the body form returns to the next instruction,
  // _last first pops the caller's frame (its last operand is the frame
  // size), _only keeps CP. All continue at `shared` with I still at the
  // instruction, so the shared code reads the family's common operands.
#define GIRDER_CALL_FAMILY(op, shared)                                                              \
  op_##op:                                                                                          \
  CP = I + 1 + opcode_info(Opcode::op).operands.size();                                             \
  goto shared;                                                                                      \
  op_##op##_last:                                                                                   \
  CP = reinterpret_cast<const Word*>(E[0].raw());                                                   \
  E += GIRDER_OPW(1 + frame_drop_operand_index(Opcode::op##_last)) + 1;                             \
  goto shared;                                                                                      \
  op_##op##_only:                                                                                   \
  goto shared;
  GIRDER_CALL_FAMILY(call, call_local)
  GIRDER_CALL_FAMILY(call_ext, call_export)
  GIRDER_CALL_FAMILY(apply, do_apply)
  GIRDER_CALL_FAMILY(call_fun, do_call_fun)
  GIRDER_CALL_FAMILY(apply_list, do_apply_list)
  GIRDER_CALL_FAMILY(apply_fun_list, do_apply_fun_list)
#undef GIRDER_CALL_FAMILY

call_local:
  yield_live = GIRDER_OPW(1);
  if (--reds <= 0) {
    I = GIRDER_LABEL(2);
    goto yield;
  }
  GIRDER_GOTO(GIRDER_LABEL(2));

call_export:
  // Shared by the three call_ext forms: I still points at the instruction,
  // CP is already the continuation.
  call_ep = reinterpret_cast<ExportEntry*>(GIRDER_OPW(2));
  goto call_entry_shared;

op_return_:
do_return: {
  if (CP == nullptr) goto process_done;
  // The caller keeps its own continuation in its frame.
  const Word* target = CP;
  CP = kInFrame;
  GIRDER_GOTO(target);
}

do_apply: {
  Word arity = GIRDER_OPW(1);
  Term module = x[arity];
  Term function = x[arity + 1];
  if (!module.is_atom() || !function.is_atom()) {
    GIRDER_SAVE_STATE();
    p.badarg();
    goto handle_error;
  }
  call_ep = p.vm().code().export_entry(module, function, static_cast<unsigned>(arity));
  goto call_entry_shared;
}

do_call_fun:
  call_fun_arity = GIRDER_OPW(1);
do_call_fun_body: {
  Word arity = call_fun_arity;
  Term fun = x[arity];
  if (fun.is_box_of(BoxKind::Fun)) {
    Word* obj = fun.box_ptr();
    auto* fe = reinterpret_cast<const FunEntry*>(obj[1]);
    if (fe->arity != arity) {
      GIRDER_SAVE_STATE();
      Term args = make_list(p, std::span<const Term>(x, arity));
      p.fail(atoms::error, make_tuple(p, {atoms::badarity, make_tuple(p, {fun, args})}));
      goto handle_error;
    }
    const Word* target = fe->address.load(std::memory_order_relaxed);
    if (target == nullptr) {
      // Its version was purged: the same fun in the current version, if any.
      GIRDER_SAVE_STATE();
      target = p.vm().code().resolve_purged_fun(*fe);
      if (target == nullptr) {
        p.fail(atoms::error, make_tuple(p, {atoms::badfun, fun}));
        goto handle_error;
      }
    }
    Word num_free = header_arity(obj[0]) - 1;
    for (Word i = 0; i < num_free; ++i) x[arity + i] = Term::from_raw(obj[2 + i]);
    yield_live = arity + num_free;
    if (--reds <= 0) {
      I = target;
      goto yield;
    }
    GIRDER_GOTO(target);
  }
  if (fun.is_box_of(BoxKind::Export)) {
    auto* ep = reinterpret_cast<ExportEntry*>(fun.box_ptr()[1]);
    if (ep->arity != arity) {
      GIRDER_SAVE_STATE();
      Term args = make_list(p, std::span<const Term>(x, arity));
      p.fail(atoms::error, make_tuple(p, {atoms::badarity, make_tuple(p, {fun, args})}));
      goto handle_error;
    }
    call_ep = ep;
    goto call_entry_shared;
  }
  GIRDER_SAVE_STATE();
  p.fail(atoms::error, make_tuple(p, {atoms::badfun, fun}));
  goto handle_error;
}

op_make_fun: {
  auto* fe = reinterpret_cast<const FunEntry*>(GIRDER_OPW(1));
  Word num_free = GIRDER_OPW(3);
  Word* obj = p.heap().alloc(fun_object_words(num_free));
  obj[0] = make_header(BoxKind::Fun, 1 + num_free);
  obj[1] = reinterpret_cast<Word>(fe);
  for (Word i = 0; i < num_free; ++i) obj[2 + i] = GIRDER_SRC(4 + i).raw();
  GIRDER_DST(2) = Term::boxed(obj);
  GIRDER_NEXT(3 + num_free);
}

op_init_x:
  x[GIRDER_OPW(1)] = kNil;
  GIRDER_NEXT(1);

do_apply_list: {
  // erlang:apply(M, F, Args): spread Args into x0.. and call M:F/len.
  Term module = x[0], function = x[1], args = x[2];
  std::int64_t n = list_length(args);
  if (n < 0 || n > 255 || !module.is_atom() || !function.is_atom()) {
    GIRDER_SAVE_STATE();
    p.badarg();
    goto handle_error;
  }
  for (std::int64_t i = 0; i < n; ++i) {
    x[i] = args.head();
    args = args.tail();
  }
  call_ep = p.vm().code().export_entry(module, function, static_cast<unsigned>(n));
  goto call_entry_shared;
}

call_entry_shared: {
  // Every call through an export entry (call_ext, apply, export funs): a
  // BIF runs in place and charges its work; Erlang code charges one
  // reduction and yields first when the slice is over.
  ExportEntry* ep = call_ep;
  if (ep->bif >= 0) {
    GIRDER_SAVE_STATE();
    // Native code may have called the BIF already (take_bif_outcome_pending).
    Term r = p.take_bif_outcome_pending() ? kNonValue : p.vm().bifs().at(ep->bif).call_fn(p, x);
    if (r.is_non_value()) goto bif_error_call;  // the BIF's own frame on top, or a trap
    x[0] = r;
    reds -= 1 + static_cast<int>(p.take_charge());
    goto do_return;
  }
  const Word* target = p.vm().code().address(ep);
  if (target == nullptr) {
    GIRDER_SAVE_STATE();
    target = resolve_undefined(p, ep);
    if (target == nullptr) {
      Term arglist = make_list(p, std::span<const Term>(x, ep->arity));
      p.fail(atoms::error, atoms::undef);
      p.error_stacktrace() = build_stacktrace(p, nullptr, CP, E, ep->module, ep->function, arglist);
      goto unwind;
    }
  }
  yield_live = ep->arity;
  if (--reds <= 0) {
    I = target;
    p.exec().yielded_at_export = ep;
    goto yield;
  }
  GIRDER_GOTO(target);
}

do_apply_fun_list: {
  // erlang:apply(Fun, Args): spread Args into x0.. and call the fun.
  Term fun = x[0], args = x[1];
  std::int64_t n = list_length(args);
  if (n < 0 || n > 255) {
    GIRDER_SAVE_STATE();
    p.badarg();
    goto handle_error;
  }
  for (std::int64_t i = 0; i < n; ++i) {
    x[i] = args.head();
    args = args.tail();
  }
  x[n] = fun;
  call_fun_arity = static_cast<Word>(n);
  goto do_call_fun_body;
}

  // --- BIFs ---
op_bif0: {
  GIRDER_SAVE_STATE();
  Term r = reinterpret_cast<BifFn>(GIRDER_OPW(1))(p, bif_args);
  if (r.is_non_value()) goto handle_error;
  GIRDER_DST(2) = r;
  GIRDER_NEXT(2);
}
op_bif1:
  bif_args[0] = GIRDER_SRC(3);
  bif_arity = 1;
  goto call_inline_bif;
op_bif2:
  bif_args[0] = GIRDER_SRC(3);
  bif_args[1] = GIRDER_SRC(4);
  bif_arity = 2;
  goto call_inline_bif;
op_bif3:
  bif_args[0] = GIRDER_SRC(3);
  bif_args[1] = GIRDER_SRC(4);
  bif_args[2] = GIRDER_SRC(5);
  bif_arity = 3;
  goto call_inline_bif;
call_inline_bif: {
  // bif1..bif3: fail label, BIF, bif_arity sources (already in bif_args), dest.
  GIRDER_SAVE_STATE();
  Term r = reinterpret_cast<BifFn>(GIRDER_OPW(2))(p, bif_args);
  if (r.is_non_value()) {
    if (GIRDER_OPW(1) != 0) GIRDER_GOTO(GIRDER_LABEL(1));
    goto bif_error_args;
  }
  GIRDER_DST(3 + bif_arity) = r;
  GIRDER_NEXT(3 + bif_arity);
}
op_length: {
  // length/1 in slices (see opcodes.def): count up to kJobSliceUnits cells,
  // then, if the list goes on, charge them and either go on counting or,
  // when the slice is over, yield here with the state in x(live)..
  Word live = GIRDER_OPW(2);
  Term rest, whole;
  Word n = 0;
  if (p.take_resume_length()) {
    rest = x[live];
    n = static_cast<Word>(x[live + 1].small_value());
    whole = x[live + 2];
  } else {
    rest = whole = GIRDER_SRC(3);
  }
  for (;;) {
    Word k = 0;
    while (rest.is_list() && k < kJobSliceUnits) {
      rest = rest.tail();
      ++k;
    }
    n += k;
    reds -= static_cast<int>(k >> kLengthCellsPerReductionLog2);
    if (!rest.is_list()) break;
    if (reds <= 0) {
      x[live] = rest;
      x[live + 1] = Term::small(static_cast<SWord>(n));
      x[live + 2] = whole;
      p.set_resume_length();
      yield_live = live + 3;
      goto yield;
    }
  }
  if (!rest.is_nil()) {
    if (GIRDER_OPW(1) != 0) GIRDER_GOTO(GIRDER_LABEL(1));
    GIRDER_SAVE_STATE();
    bif_args[0] = whole;
    p.badarg();
    p.error_stacktrace() = bif_error_trace(p, I, CP, E, atoms::erlang, atoms::length, std::span<const Term>(bif_args, 1));
    goto unwind;
  }
  GIRDER_DST(4) = Term::small(static_cast<SWord>(n));
  GIRDER_NEXT(4);
}

op_call_bif: {
  GIRDER_SAVE_STATE();
  Term r = p.take_bif_outcome_pending() ? kNonValue : reinterpret_cast<BifFn>(GIRDER_OPW(2))(p, x);
  if (r.is_non_value()) goto handle_error;
  x[0] = r;
  reds -= static_cast<int>(p.take_charge());
  GIRDER_NEXT(2);
}

  // --- arithmetic fast paths ---
  // A small-integer fast path (`fast` computes r from small xv and yv and
  // leaves the fast path when the result is not a small), for + - * a float
  // fast path (`ffast` computes fr from floats xf and yf; a non-finite result
  // falls through to badarith), else the generic arithmetic (bignums, mixed
  // operands, errors).
#define GIRDER_ARITH_BINOP(op, fast, ffast, generic, error_atom)         \
  op_##op: {                                                            \
    Term a = GIRDER_SRC(2), b = GIRDER_SRC(3);                          \
    if (a.is_small() && b.is_small()) {                                 \
      SWord xv = a.small_value(), yv = b.small_value(), r;              \
      if (fast) {                                                       \
        GIRDER_DST(4) = Term::small(r);                                 \
        GIRDER_NEXT(4);                                                 \
      }                                                                 \
    }                                                                   \
    if (a.is_float() && b.is_float()) {                                 \
      double xf = a.float_value(), yf = b.float_value(), fr;             \
      if (ffast) {                                                      \
        GIRDER_DST(4) = box_float(p.heap(), fr);                        \
        GIRDER_NEXT(4);                                                 \
      }                                                                 \
    }                                                                   \
    GIRDER_SAVE_STATE();                                                \
    Term r = generic(p, a, b);                                          \
    if (r.is_non_value()) {                                             \
      if (GIRDER_OPW(1) != 0) GIRDER_GOTO(GIRDER_LABEL(1));             \
      bif_args[0] = a;                                                  \
      bif_args[1] = b;                                                  \
      error_value = (error_atom);                                       \
      goto arith_error;                                                 \
    }                                                                   \
    GIRDER_DST(4) = r;                                                  \
    GIRDER_NEXT(4);                                                     \
  }
#define GIRDER_NO_FLOAT_PATH ((void)xf, (void)yf, (void)fr, false)
  GIRDER_ARITH_BINOP(add, (r = xv + yv, Term::fits_small(r)), (fr = xf + yf, std::isfinite(fr)), arith_add,
                     atoms::plus_op)
  GIRDER_ARITH_BINOP(sub, (r = xv - yv, Term::fits_small(r)), (fr = xf - yf, std::isfinite(fr)), arith_sub,
                     atoms::minus_op)
  GIRDER_ARITH_BINOP(mul, (!__builtin_mul_overflow(xv, yv, &r) && Term::fits_small(r)),
                     (fr = xf * yf, std::isfinite(fr)), arith_mul, p.vm().atoms().intern("*"))
  // div and rem truncate toward zero, as C++ does; kSmallMin div -1 leaves
  // the small range and takes the generic path.
  GIRDER_ARITH_BINOP(int_div, (yv != 0 && (r = xv / yv, Term::fits_small(r))), GIRDER_NO_FLOAT_PATH, arith_idiv,
                     p.vm().atoms().intern("div"))
  GIRDER_ARITH_BINOP(int_rem, (yv != 0 && (r = xv % yv, true)), GIRDER_NO_FLOAT_PATH, arith_rem,
                     p.vm().atoms().intern("rem"))
  GIRDER_ARITH_BINOP(band, (r = xv & yv, true), GIRDER_NO_FLOAT_PATH, arith_band, p.vm().atoms().intern("band"))
  GIRDER_ARITH_BINOP(bor, (r = xv | yv, true), GIRDER_NO_FLOAT_PATH, arith_bor, p.vm().atoms().intern("bor"))
  GIRDER_ARITH_BINOP(bxor, (r = xv ^ yv, true), GIRDER_NO_FLOAT_PATH, arith_bxor, p.vm().atoms().intern("bxor"))
  GIRDER_ARITH_BINOP(bsr, (yv >= 0 && (r = yv >= 63 ? (xv < 0 ? -1 : 0) : xv >> yv, true)), GIRDER_NO_FLOAT_PATH,
                     arith_bsr, p.vm().atoms().intern("bsr"))
#undef GIRDER_NO_FLOAT_PATH
#undef GIRDER_ARITH_BINOP

  // --- comparisons (jump to the label when the test fails) ---

op_is_lt: {
  Term a = GIRDER_SRC(2), b = GIRDER_SRC(3);
  bool ok = (a.is_small() && b.is_small()) ? a.small_value() < b.small_value() : compare_terms(p.vm(), a, b) < 0;
  if (!ok) GIRDER_GOTO(GIRDER_LABEL(1));
  GIRDER_NEXT(3);
}
op_is_ge: {
  Term a = GIRDER_SRC(2), b = GIRDER_SRC(3);
  bool ok = (a.is_small() && b.is_small()) ? a.small_value() >= b.small_value() : compare_terms(p.vm(), a, b) >= 0;
  if (!ok) GIRDER_GOTO(GIRDER_LABEL(1));
  GIRDER_NEXT(3);
}
op_is_eq: {
  Term a = GIRDER_SRC(2), b = GIRDER_SRC(3);
  bool ok = a == b || ((!a.is_immediate() || !b.is_immediate()) && compare_terms(p.vm(), a, b) == 0);
  if (!ok) GIRDER_GOTO(GIRDER_LABEL(1));
  GIRDER_NEXT(3);
}
op_is_ne: {
  Term a = GIRDER_SRC(2), b = GIRDER_SRC(3);
  bool eq = a == b || ((!a.is_immediate() || !b.is_immediate()) && compare_terms(p.vm(), a, b) == 0);
  if (eq) GIRDER_GOTO(GIRDER_LABEL(1));
  GIRDER_NEXT(3);
}
op_is_eq_exact: {
  Term a = GIRDER_SRC(2), b = GIRDER_SRC(3);
  bool ok = a == b || ((!a.is_immediate() && !b.is_immediate()) && exact_equal(a, b));
  if (!ok) GIRDER_GOTO(GIRDER_LABEL(1));
  GIRDER_NEXT(3);
}
op_is_ne_exact: {
  Term a = GIRDER_SRC(2), b = GIRDER_SRC(3);
  bool eq = a == b || ((!a.is_immediate() && !b.is_immediate()) && exact_equal(a, b));
  if (eq) GIRDER_GOTO(GIRDER_LABEL(1));
  GIRDER_NEXT(3);
}

#define GIRDER_TYPE_TEST(opname, test) \
  op_##opname : {               \
    Term t = GIRDER_SRC(2);            \
    if (!(test)) GIRDER_GOTO(GIRDER_LABEL(1)); \
    GIRDER_NEXT(2);                    \
  }
  GIRDER_TYPE_TEST(is_integer, t.is_integer())
  GIRDER_TYPE_TEST(is_float, t.is_float())
  GIRDER_TYPE_TEST(is_number, t.is_number())
  GIRDER_TYPE_TEST(is_atom, t.is_atom())
  GIRDER_TYPE_TEST(is_boolean, t == kTrue || t == kFalse)
  GIRDER_TYPE_TEST(is_pid, t.is_pid())
  GIRDER_TYPE_TEST(is_port, t.is_port())
  GIRDER_TYPE_TEST(is_reference, t.is_ref())
  GIRDER_TYPE_TEST(is_nil, t.is_nil())
  GIRDER_TYPE_TEST(is_nonempty_list, t.is_list())
  GIRDER_TYPE_TEST(is_list, t.is_list() || t.is_nil())
  GIRDER_TYPE_TEST(is_tuple, t.is_tuple())
  GIRDER_TYPE_TEST(is_binary, t.is_bitstring() && (bit_view(t).bit_size & 7) == 0)
  GIRDER_TYPE_TEST(is_bitstring, t.is_bitstring())
  GIRDER_TYPE_TEST(is_function, t.is_function())
  GIRDER_TYPE_TEST(is_map, t.is_map())
#undef GIRDER_TYPE_TEST

op_is_function2: {
  Term t = GIRDER_SRC(2), a = GIRDER_SRC(3);
  if (!function_has_arity(t, a)) GIRDER_GOTO(GIRDER_LABEL(1));
  GIRDER_NEXT(3);
}

op_test_arity: {
  Term t = GIRDER_SRC(2);
  if (!t.is_tuple() || t.tuple_arity() != GIRDER_OPW(3)) GIRDER_GOTO(GIRDER_LABEL(1));
  GIRDER_NEXT(3);
}

op_is_tagged_tuple: {
  Term t = GIRDER_SRC(2);
  if (!t.is_tuple() || t.tuple_arity() != GIRDER_OPW(3) || t.element(0).raw() != GIRDER_OPW(4)) GIRDER_GOTO(GIRDER_LABEL(1));
  GIRDER_NEXT(4);
}

op_select_val: {
  Term v = GIRDER_SRC(1);
  Word n = GIRDER_OPW(3);
  const Word* table = I + 4;
  for (Word i = 0; i < n; ++i) {
    Term key = Term::from_raw(table[2 * i]);
    if (key == v || (!key.is_immediate() && !v.is_immediate() && exact_equal(key, v))) {
      GIRDER_GOTO(reinterpret_cast<const Word*>(table[2 * i + 1]));
    }
  }
  GIRDER_GOTO(GIRDER_LABEL(2));
}

op_select_tuple_arity: {
  Term v = GIRDER_SRC(1);
  if (!v.is_tuple()) GIRDER_GOTO(GIRDER_LABEL(2));
  Word arity = v.tuple_arity();
  Word n = GIRDER_OPW(3);
  const Word* table = I + 4;
  for (Word i = 0; i < n; ++i) {
    if (static_cast<Word>(Term::from_raw(table[2 * i]).small_value()) == arity) {
      GIRDER_GOTO(reinterpret_cast<const Word*>(table[2 * i + 1]));
    }
  }
  GIRDER_GOTO(GIRDER_LABEL(2));
}

op_jump:
  GIRDER_GOTO(GIRDER_LABEL(1));

  // --- lists and tuples ---
op_get_list: {
  Term l = GIRDER_SRC(1);
  Term h = l.head(), t = l.tail();
  GIRDER_DST(2) = h;
  GIRDER_DST(3) = t;
  GIRDER_NEXT(3);
}
op_get_hd:
  GIRDER_DST(2) = GIRDER_SRC(1).head();
  GIRDER_NEXT(2);
op_get_tl:
  GIRDER_DST(2) = GIRDER_SRC(1).tail();
  GIRDER_NEXT(2);
op_get_tuple_element:
  GIRDER_DST(3) = GIRDER_SRC(1).element(GIRDER_OPW(2));
  GIRDER_NEXT(3);
op_put_list: {
  Word* cell = p.heap().alloc(2);
  cell[0] = GIRDER_SRC(1).raw();
  cell[1] = GIRDER_SRC(2).raw();
  GIRDER_DST(3) = Term::list(cell);
  GIRDER_NEXT(3);
}
op_put_tuple: {
  Word n = GIRDER_OPW(2);
  Word* obj = p.heap().alloc(1 + n);
  obj[0] = make_header(BoxKind::Tuple, n);
  for (Word i = 0; i < n; ++i) obj[1 + i] = GIRDER_SRC(3 + i).raw();
  GIRDER_DST(1) = Term::boxed(obj);
  GIRDER_NEXT(2 + n);
}

  // --- errors ---
op_badmatch:
  GIRDER_SAVE_STATE();
  p.fail(atoms::error, make_tuple(p, {atoms::badmatch, GIRDER_SRC(1)}));
  goto handle_error;
op_case_end:
  GIRDER_SAVE_STATE();
  p.fail(atoms::error, make_tuple(p, {atoms::case_clause, GIRDER_SRC(1)}));
  goto handle_error;
op_if_end:
  GIRDER_SAVE_STATE();
  p.fail(atoms::error, atoms::if_clause);
  goto handle_error;
op_try_case_end:
  GIRDER_SAVE_STATE();
  p.fail(atoms::error, make_tuple(p, {atoms::try_clause, GIRDER_SRC(1)}));
  goto handle_error;
op_badrecord:
  GIRDER_SAVE_STATE();
  p.fail(atoms::error, make_tuple(p, {atoms::badrecord, GIRDER_SRC(1)}));
  goto handle_error;
op_raise: {
  // Rethrow with the original stack trace (try ... catch without a match).
  GIRDER_SAVE_STATE();
  Term cls = GIRDER_SRC(1), reason = GIRDER_SRC(2), trace = GIRDER_SRC(3);
  p.fail(cls, reason);
  p.error_stacktrace() = trace;
  goto unwind;
}

  // --- exceptions ---
op_try_:
op_catch_: {
  Word y = operand_register_index(GIRDER_OPW(1));
  Word handler = GIRDER_OPW(2);
  E[y + 1] = Term::catch_label((handler << kCatchSlotYBits) | y);
  GIRDER_NEXT(2);
}
op_try_end:
  E[operand_register_index(GIRDER_OPW(1)) + 1] = kNil;
  GIRDER_NEXT(1);
op_try_case:
  E[operand_register_index(GIRDER_OPW(1)) + 1] = kNil;
  x[0] = x[1];
  x[1] = x[2];
  x[2] = x[3];
  GIRDER_NEXT(1);
op_catch_end:
  E[operand_register_index(GIRDER_OPW(1)) + 1] = kNil;
  if (x[0].is_non_value()) {
    GIRDER_SAVE_STATE();
    x[0] = catch_value(p, x[1], x[2], x[3]);
  }
  GIRDER_NEXT(1);

  // --- maps ---
op_put_map_assoc:
  map_exact = false;
  goto put_map;
op_put_map_exact:
  map_exact = true;
  goto put_map;
put_map: {
  bool exact = map_exact;
  Term map = GIRDER_SRC(2);
  Word n = GIRDER_OPW(5);
  Term keys[64];
  Term values[64];
  std::vector<Term> big_keys, big_values;
  Term* kp = keys;
  Term* vp = values;
  if (n > 64) {
    big_keys.resize(n);
    big_values.resize(n);
    kp = big_keys.data();
    vp = big_values.data();
  }
  for (Word i = 0; i < n; ++i) {
    kp[i] = GIRDER_SRC(6 + 2 * i);
    vp[i] = GIRDER_SRC(7 + 2 * i);
  }
  GIRDER_SAVE_STATE();
  if (!map.is_map()) {
    if (GIRDER_OPW(1) != 0) GIRDER_GOTO(GIRDER_LABEL(1));
    p.fail(atoms::error, make_tuple(p, {atoms::badmap, map}));
    goto handle_error;
  }
  Term bad_key = kNonValue;
  Term r = map_put_many(p, map, std::span<const Term>(kp, n), std::span<const Term>(vp, n), exact, &bad_key);
  if (r.is_non_value()) {
    if (GIRDER_OPW(1) != 0) GIRDER_GOTO(GIRDER_LABEL(1));
    p.fail(atoms::error, make_tuple(p, {atoms::badkey, bad_key}));
    goto handle_error;
  }
  GIRDER_DST(3) = r;
  GIRDER_NEXT(5 + 2 * n);
}
op_has_map_fields: {
  Term map = GIRDER_SRC(2);
  Word n = GIRDER_OPW(3);
  if (!map.is_map()) GIRDER_GOTO(GIRDER_LABEL(1));
  for (Word i = 0; i < n; ++i) {
    if (map_get(map, GIRDER_SRC(4 + i)).is_non_value()) GIRDER_GOTO(GIRDER_LABEL(1));
  }
  GIRDER_NEXT(3 + n);
}
op_get_map_elements: {
  Term map = GIRDER_SRC(2);
  Word n = GIRDER_OPW(3);
  if (!map.is_map()) GIRDER_GOTO(GIRDER_LABEL(1));
  for (Word i = 0; i < n; ++i) {
    Term v = map_get(map, GIRDER_SRC(4 + 2 * i));
    if (v.is_non_value()) GIRDER_GOTO(GIRDER_LABEL(1));
    GIRDER_DST(5 + 2 * i) = v;
  }
  GIRDER_NEXT(3 + 2 * n);
}

  // --- binaries ---
op_bs_create_bin: {
  Word n = GIRDER_OPW(3);
  BinSegment segs[32];
  std::vector<BinSegment> big;
  BinSegment* sp = segs;
  if (n > 32) {
    big.resize(n);
    sp = big.data();
  }
  for (Word i = 0; i < n; ++i) {
    const Word* s = I + 4 + 5 * i;
    sp[i] = BinSegment{static_cast<BinSegKind>(s[0]), s[1], GIRDER_READ_SRC(s[2]), GIRDER_READ_SRC(s[3]), s[4]};
  }
  GIRDER_SAVE_STATE();
  Term r = bs_create(p, sp, n);
  if (r.is_non_value()) {
    if (GIRDER_OPW(1) != 0) GIRDER_GOTO(GIRDER_LABEL(1));
    goto handle_error;
  }
  GIRDER_DST_REF(I[4 + 5 * n]) = r;
  GIRDER_NEXT(4 + 5 * n);
}
op_bs_start_match: {
  Term r = bs_start_match(p, GIRDER_SRC(2));
  if (r.is_non_value()) GIRDER_GOTO(GIRDER_LABEL(1));
  GIRDER_DST(3) = r;
  GIRDER_NEXT(3);
}
op_bs_get_integer: {
  Term size = GIRDER_SRC(3);
  if (!size.is_small() || size.small_value() < 0) GIRDER_GOTO(GIRDER_LABEL(1));
  Word bits = static_cast<Word>(size.small_value()) * GIRDER_OPW(5);
  Term r = bs_get_integer(p, GIRDER_SRC(2), bits, GIRDER_OPW(6));
  if (r.is_non_value()) GIRDER_GOTO(GIRDER_LABEL(1));
  GIRDER_DST(7) = r;
  GIRDER_NEXT(7);
}
op_bs_get_float: {
  Term size = GIRDER_SRC(3);
  if (!size.is_small() || size.small_value() < 0) GIRDER_GOTO(GIRDER_LABEL(1));
  Term r = bs_get_float(p, GIRDER_SRC(2), static_cast<Word>(size.small_value()) * GIRDER_OPW(4), GIRDER_OPW(5));
  if (r.is_non_value()) GIRDER_GOTO(GIRDER_LABEL(1));
  GIRDER_DST(6) = r;
  GIRDER_NEXT(6);
}
op_bs_get_binary: {
  Term size = GIRDER_SRC(3);
  Term ctx = GIRDER_SRC(2);
  Word bits;
  if (size == atoms::all) {
    bits = bs_remaining(ctx);
    if (GIRDER_OPW(4) > 1 && bits % GIRDER_OPW(4) != 0) GIRDER_GOTO(GIRDER_LABEL(1));
  } else {
    if (!size.is_small() || size.small_value() < 0) GIRDER_GOTO(GIRDER_LABEL(1));
    bits = static_cast<Word>(size.small_value()) * GIRDER_OPW(4);
  }
  Term r = bs_get_binary(p, ctx, bits);
  if (r.is_non_value()) GIRDER_GOTO(GIRDER_LABEL(1));
  GIRDER_DST(6) = r;
  GIRDER_NEXT(6);
}
op_bs_get_utf8: {
  Term r = bs_get_utf8(p, GIRDER_SRC(2));
  if (r.is_non_value()) GIRDER_GOTO(GIRDER_LABEL(1));
  GIRDER_DST(3) = r;
  GIRDER_NEXT(3);
}
op_bs_get_utf16: {
  Term r = bs_get_utf16(p, GIRDER_SRC(2), GIRDER_OPW(3));
  if (r.is_non_value()) GIRDER_GOTO(GIRDER_LABEL(1));
  GIRDER_DST(4) = r;
  GIRDER_NEXT(4);
}
op_bs_get_utf32: {
  Term r = bs_get_utf32(p, GIRDER_SRC(2), GIRDER_OPW(3));
  if (r.is_non_value()) GIRDER_GOTO(GIRDER_LABEL(1));
  GIRDER_DST(4) = r;
  GIRDER_NEXT(4);
}
op_bs_skip_bits: {
  Term size = GIRDER_SRC(3);
  Term ctx = GIRDER_SRC(2);
  if (size == atoms::all) {
    if (GIRDER_OPW(4) > 1 && bs_remaining(ctx) % GIRDER_OPW(4) != 0) GIRDER_GOTO(GIRDER_LABEL(1));
    bs_skip_bits(ctx, bs_remaining(ctx));
    GIRDER_NEXT(4);
  }
  if (!size.is_small() || size.small_value() < 0) GIRDER_GOTO(GIRDER_LABEL(1));
  if (!bs_skip_bits(ctx, static_cast<Word>(size.small_value()) * GIRDER_OPW(4))) GIRDER_GOTO(GIRDER_LABEL(1));
  GIRDER_NEXT(4);
}
op_bs_test_tail:
  if (bs_remaining(GIRDER_SRC(2)) != GIRDER_OPW(3)) GIRDER_GOTO(GIRDER_LABEL(1));
  GIRDER_NEXT(3);
op_bs_test_unit:
  if (bs_remaining(GIRDER_SRC(2)) % GIRDER_OPW(3) != 0) GIRDER_GOTO(GIRDER_LABEL(1));
  GIRDER_NEXT(3);
op_bs_match_string:
  if (!bs_match_string(GIRDER_SRC(2), Term::from_raw(GIRDER_OPW(3)))) GIRDER_GOTO(GIRDER_LABEL(1));
  GIRDER_NEXT(3);
op_bs_get_tail:
  GIRDER_DST(2) = bs_get_tail(p, GIRDER_SRC(1));
  GIRDER_NEXT(2);
op_bs_position:
  GIRDER_DST(2) = Term::small(static_cast<SWord>(bs_get_position(GIRDER_SRC(1))));
  GIRDER_NEXT(2);
op_bs_set_position:
  bs_set_position(GIRDER_SRC(1), static_cast<Word>(GIRDER_SRC(2).small_value()));
  GIRDER_NEXT(2);

  // --- processes and messages (signals.h, mailbox.h) ---
op_send: {
  GIRDER_SAVE_STATE();
  Term r = send_message(p, x[0], x[1]);
  if (r.is_non_value()) {
    bif_args[0] = x[0];
    bif_args[1] = x[1];
    goto send_error;
  }
  x[0] = r;
  GIRDER_NEXT(0);
}

op_loop_rec: {
  MessageQueue& q = p.messages();
  if (q.save_at_end()) {
    // Nothing left to look at: take in what arrived since.
    GIRDER_SAVE_STATE();
    if (!handle_signals(p)) goto killed_by_signal;
    if (q.save_at_end()) GIRDER_GOTO(GIRDER_LABEL(1));
  }
  GIRDER_DST(2) = q.current()->message;
  GIRDER_NEXT(2);
}

op_loop_rec_end: {
  // Advance, and do the common case of the loop_rec at the target here (the
  // next message is already queued): one dispatch less per message scanned.
  MessageQueue& q = p.messages();
  q.advance();
  const Word* loop = GIRDER_LABEL(1);
  if (q.save_at_end()) GIRDER_GOTO(loop);  // loop_rec takes in new signals or waits
  GIRDER_DST_REF(loop[2]) = q.current()->message;
  GIRDER_GOTO(loop + 3);
}

op_remove_message:
  accept_current_message(p);
  GIRDER_NEXT(0);

op_wait:
  GIRDER_SAVE_STATE();
  p.exec().pc = GIRDER_LABEL(1);
  p.add_reductions(static_cast<Word>(reductions - reds));
  return RunResult::Waiting;

op_wait_timeout: {
  if (p.timeout_fired()) {
    p.disarm_timer();
    GIRDER_NEXT(2);  // on to `timeout`: the after clause runs
  }
  if (!p.timer_armed()) {
    Term t = GIRDER_SRC(2);
    if (t == atoms::infinity) {
      // Waits like `wait`.
    } else if (t.is_small() && t.small_value() >= 0) {
      if (t.small_value() == 0) GIRDER_NEXT(2);
      Word seq = p.arm_timer();
      p.timer_id() = p.vm().timers().start_timeout(p.id(), seq, t.small_value());
    } else if (t.is_bignum() && t.box_kind() == BoxKind::PosBig) {
      // Longer than any process will live: wait for ever.
    } else {
      GIRDER_SAVE_STATE();
      p.fail(atoms::error, atoms::timeout_value);
      goto handle_error;
    }
  }
  GIRDER_SAVE_STATE();
  p.exec().pc = GIRDER_LABEL(1);
  p.add_reductions(static_cast<Word>(reductions - reds));
  return RunResult::Waiting;
}

op_timeout:
  p.messages().reset_save();
  p.disarm_timer();
  GIRDER_NEXT(0);

op_recv_mark: {
  Term ref = GIRDER_SRC(1);
  if (ref.is_ref()) p.messages().mark(ref.box_ptr()[1], ref.box_ptr()[2]);
  GIRDER_NEXT(1);
}

op_recv_set: {
  Term ref = GIRDER_SRC(1);
  if (ref.is_ref()) p.messages().use_mark(ref.box_ptr()[1], ref.box_ptr()[2]);
  GIRDER_NEXT(1);
}

heap_limit_exceeded:
  // max_heap_size: the process dies with reason killed (a report says why).
  GIRDER_SAVE_STATE();
  p.fail(atoms::exit_signal_, atoms::killed);
  p.set_exit_reason(atoms::killed);
  {
    std::string report =
        p.max_heap_words() != 0 && p.heap().words_used() > p.max_heap_words()
            ? "=ERROR REPORT==== process " + write_term(p.vm(), p.self()) +
                  " killed: maximum heap size reached (max_heap_size " + std::to_string(p.max_heap_words()) +
                  " words, heap " + std::to_string(p.heap().words_used()) + " words)\n"
            : "=ERROR REPORT==== process " + write_term(p.vm(), p.self()) +
                  " killed: the VM's heap limit reached (" + std::to_string(p.vm().heap_totals().limit_words) +
                  " words for all processes, heap " + std::to_string(p.heap().words_used()) + " words)\n";
    p.vm().write_stderr(report);
  }
  p.add_reductions(static_cast<Word>(reductions - reds));
  return RunResult::Exited;

killed_by_signal:
  // An exit signal ended the process (handle_signals set the reason).
  GIRDER_SAVE_STATE();
  p.add_reductions(static_cast<Word>(reductions - reds));
  return RunResult::Exited;

send_error: {
  Term args = make_list(p, std::span<const Term>(bif_args, 2));
  p.error_stacktrace() = build_stacktrace(p, I, CP, E, atoms::erlang, atoms::send, args);
  goto unwind;
}

  // --- error paths ---
bif_error_args: {
  // bif1..bif3 without a fail label: GIRDER_OPW(2) is the BIF, bif_args its
  // bif_arity arguments. raise/3 set its own trace: keep it (handle_error
  // would build a fresh one, the flag being taken here).
  if (p.take_keep_stacktrace()) goto unwind;
  {
    auto fn = reinterpret_cast<BifFn>(GIRDER_OPW(2));
    unsigned arity = static_cast<unsigned>(bif_arity);
    const BifEntry* b = p.vm().bifs().find_fn(fn, arity);
    // As OTP 25 shows them: X / Y and unary +X fail without an erlang frame.
    bool frameless = b != nullptr && b->module == atoms::erlang &&
                     ((b->name == atoms::fdiv_op && arity == 2) || (b->name == atoms::plus_op && arity == 1));
    if (b != nullptr && !frameless) {
      p.error_stacktrace() = bif_error_trace(p, I, CP, E, b->module, b->name, std::span<const Term>(bif_args, arity));
      goto unwind;
    }
  }
  goto handle_error;
}

do_trap: {
  // A BIF did a slice of a long job and continues as a call (Process::trap)
  // in its own place: CP is already the BIF call's continuation.
  reds -= static_cast<int>(p.take_charge());
  call_ep = p.take_trap(x);
  if (reds <= 0) {
    // The slice is over: yield, and resume by applying the target to the
    // same arguments (the boot code's apply; CP is kept).
    ExportEntry* ep = call_ep;
    Term args = make_list(p, std::span<const Term>(x, ep->arity));
    x[0] = ep->module;
    x[1] = ep->function;
    x[2] = args;
    yield_live = 3;
    I = p.vm().boot_apply();
    goto yield;
  }
  goto call_entry_shared;
}

bif_error_call: {
  // A BIF reached as a call (call_ext, apply, a trap), call_ep its export
  // entry. After a non-tail call, CP is the return address inside the
  // caller itself, which the trace must not show.
  if (p.error_class() == atoms::trap_) goto do_trap;
  if (!p.take_keep_stacktrace()) {
    ExportEntry* ep = call_ep;
    if (ExportEntry* original = p.take_error_as()) ep = original;  // a continuation failed
    int op = kStep ? step_opcode : opcode_of_handler(reinterpret_cast<const void*>(I[0]));
    const Word* next = op >= 0 ? I + instruction_words(I, static_cast<Opcode>(op)) : nullptr;
    const Word* trace_cp = CP == next ? kInFrame : CP;
    p.error_stacktrace() = bif_error_trace(p, I, trace_cp, E, ep->module, ep->function,
                                           std::span<const Term>(x, ep->arity));
  }
  goto unwind;
}

arith_error: {
  // OTP 25 reports `X + Int`, `Int + X` and `X - Int` with a small integer
  // literal without an {erlang, Op, Args} frame (its compiler turns them
  // into an increment); every other failing operator gets the frame.
  bool small_literal_a = !operand_is_register(GIRDER_OPW(2)) && Term::from_raw(GIRDER_OPW(2)).is_small();
  bool small_literal_b = !operand_is_register(GIRDER_OPW(3)) && Term::from_raw(GIRDER_OPW(3)).is_small();
  bool increment = (error_value == atoms::plus_op && (small_literal_a || small_literal_b)) ||
                   (error_value == atoms::minus_op && small_literal_b);
  if (increment) {
    p.error_stacktrace() = build_stacktrace(p, I, CP, E, kNonValue, kNonValue, kNonValue);
    goto unwind;
  }
  p.error_stacktrace() = bif_error_trace(p, I, CP, E, atoms::erlang, error_value, std::span<const Term>(bif_args, 2));
  goto unwind;
}

handle_error:
  if (!p.take_keep_stacktrace()) {
    p.error_stacktrace() = build_stacktrace(p, I, CP, E, kNonValue, kNonValue, kNonValue);
    Term args = p.take_error_args();
    Term trace = p.error_stacktrace();
    if (args.is_value() && trace.is_list() && trace.head().is_tuple() && trace.head().tuple_arity() == 4) {
      trace.head().tuple_elements()[2] = args;  // the frame was just built: no one else sees it
    }
  }
  goto unwind;

unwind: {
  if (p.error_class() == atoms::halt) {
    // erlang:halt/1: not an exception Erlang code may catch.
    GIRDER_SAVE_STATE();
    p.set_exit_reason(atoms::halt);
    p.add_reductions(static_cast<Word>(reductions - reds));
    return RunResult::Exited;
  }
  if (p.error_class() == atoms::hibernate) {
    // erlang:hibernate/3 (its BIF left M, F, A in p.exec().args): drop the stack
    // and wait for a message, then apply M:F(A).
    GIRDER_SAVE_STATE();
    p.exec().e = p.stack_hi();
    p.exec().cp = nullptr;
    p.exec().pc = p.vm().boot_hibernated();
    p.fail(kNonValue, kNonValue);
    p.compact_heap();
    p.add_reductions(static_cast<Word>(reductions - reds));
    return p.messages().count() != 0 ? RunResult::Yielded : RunResult::Waiting;
  }
  if (p.error_class() == atoms::exit_signal_) {
    // An exit signal (exit/2 to itself) ended the process: no catch sees it.
    GIRDER_SAVE_STATE();
    p.add_reductions(static_cast<Word>(reductions - reds));
    return RunResult::Exited;
  }
  // Find the nearest catch on the stack (from E upward).
  Term* hi = p.stack_hi();
  for (Term* s = E; s < hi; ++s) {
    if (s->is_catch()) {
      Word payload = s->catch_index();
      Word y = payload & (kMaxCatchSlot - 1);
      const Word* handler = reinterpret_cast<const Word*>(payload >> kCatchSlotYBits);
      E = s - (y + 1);
      CP = kInFrame;  // the handler runs in the catching function's frame
      x[0] = kNonValue;
      x[1] = p.error_class();
      x[2] = p.error_reason();
      x[3] = p.error_stacktrace();
      GIRDER_GOTO(handler);
    }
  }
  // Uncaught: the process ends with this exception.
  GIRDER_SAVE_STATE();
  p.set_exit_reason(exit_reason_for(p, p.error_class(), p.error_reason(), p.error_stacktrace()));
  p.exec().e = p.stack_hi();
  p.add_reductions(static_cast<Word>(reductions - reds));
  return RunResult::Exited;
}

yield:
  // Reductions ran out at a call: I is the callee's entry, and its arguments
  // (plus a fun's free variables), x0..x(yield_live-1), are all that is live.
  GIRDER_SAVE_STATE();
  p.exec().args.assign(x, x + yield_live);
  p.add_reductions(static_cast<Word>(reductions - reds));
  return RunResult::Yielded;

process_done:
  GIRDER_SAVE_STATE();
  // An exception caught earlier must not make this normal exit look like a
  // crash (signals.cpp reports a process whose error class is set).
  p.fail(kNonValue, kNil);
  p.set_return_value(x[0]);  // for a ProcessWaiter (waiter.h), or a host's call
  p.add_reductions(static_cast<Word>(reductions - reds));
  if (p.host_call()) return RunResult::HostReturned;
  p.set_exit_reason(atoms::normal);
  return RunResult::Exited;

#undef GIRDER_GOTO
#undef GIRDER_NEXT
#undef GIRDER_OPW
#undef GIRDER_SRC
#undef GIRDER_DST
#undef GIRDER_READ_SRC
#undef GIRDER_DST_REF
#undef GIRDER_ENSURE_HEAP
#undef GIRDER_LABEL
#undef GIRDER_SAVE_STATE
}

}  // namespace

bool collect_at_slice_start(Process& p) {
  return p.heap().fragments_heavy() && p.exec().pc != p.vm().boot_apply();
}

void begin_slice(Process& p, Term* x) {
  // Fragments left by BIFs are only merged at heap checks; a loop that never
  // builds terms itself would keep them forever, so collect at slice start
  // (collect_at_slice_start says when).
  if (collect_at_slice_start(p)) p.garbage_collect(x, 0, p.exec().e, 0);
  p.exec().yielded_at_export = nullptr;
  std::vector<Term>& args = p.exec().args;
  for (std::size_t i = 0; i < args.size(); ++i) x[i] = args[i];
  args.clear();
}

const void* const* dispatch_table() {
  const void* const* table = nullptr;
  execute<false>(nullptr, 0, &table);
  return table;
}

int opcode_of_handler(const void* handler) {
  const void* const* table = dispatch_table();
  for (int i = 0; i < kOpcodeCount; ++i) {
    if (table[i] == handler) return i;
  }
  return -1;
}

RunResult run(Process& p, int reductions) {
  if (p.vm().backend() != nullptr) return p.vm().backend()->run(p, reductions);
  return execute<false>(&p, reductions, nullptr);
}

RunResult step(Process& p, MachineState& ms, int opcode) { return execute<true>(&p, 0, nullptr, &ms, opcode); }

}  // namespace girder::vm
