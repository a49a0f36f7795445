// Hand-built modules shared by the loader tests and the fuzz corpus generator.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "loader/asm.h"

namespace girder::loader::testing {

using O = AsmOperand;
using vm::Opcode;

inline AsmInstr I(Opcode op, std::vector<AsmOperand> ops = {}) { return AsmInstr{op, std::move(ops)}; }

// {ok,[1,2]} in ETF.
inline std::vector<std::uint8_t> etf_ok_list() { return {131, 104, 2, 119, 2, 'o', 'k', 107, 0, 2, 1, 2}; }
// "1.0" as a float.
inline std::vector<std::uint8_t> etf_float_one() { return {131, 70, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0}; }

// A small module exercising every table and most operand kinds:
//   f/1: frame, local call, BIF, make_fun, bignum immediate, select_val
//   g/1: jumps to its own head label (function_clause) and a jump table
//   '-f/1-fun-0-'/2: a lambda with one free variable
inline AsmModule sample_module() {
  AsmModule m;
  // 0 m, 1 f, 2 g, 3 erlang, 4 length, 5 '-f/1-fun-0-', 6 foo, 7 vsn, 8 lists, 9 reverse
  m.atoms = {"m", "f", "g", "erlang", "length", "-f/1-fun-0-", "foo", "vsn", "lists", "reverse"};
  m.literals = {etf_ok_list(), etf_float_one()};
  m.imports = {{3, 4, 1}, {8, 9, 1}};
  m.exports = {{1, 1, 2}, {2, 1, 6}};
  m.lambdas = {{5, 2, 1, 10}};
  m.attributes = {{7, 0}};
  m.source_file = "m.erl";
  m.label_count = 11;
  m.code = {
      // f/1
      I(Opcode::label, {O::integer(1)}),
      I(Opcode::line, {O::integer(3)}),
      I(Opcode::func_info, {O::atom(0), O::atom(1), O::integer(1)}),
      I(Opcode::label, {O::integer(2)}),
      I(Opcode::allocate, {O::integer(2), O::integer(1)}),
      I(Opcode::move, {O::x(0), O::y(0)}),
      I(Opcode::call, {O::integer(1), O::label(6)}),
      I(Opcode::line, {O::integer(4)}),
      I(Opcode::bif1, {O::label(0), O::import(0), O::y(0), O::x(1)}),
      I(Opcode::move, {O::integer(std::int64_t{1} << 62), O::y(1)}),
      I(Opcode::move, {O::literal(1), O::x(0)}),
      I(Opcode::make_fun, {O::fun(0), O::x(0), O::integer(1), O::y(1)}),
      I(Opcode::is_eq_exact, {O::label(3), O::x(0), O::nil()}),
      I(Opcode::put_tuple, {O::x(0), O::integer(3), O::y(1), O::atom(6), O::literal(0)}),
      I(Opcode::call_ext_last, {O::integer(1), O::import(1), O::integer(2)}),
      I(Opcode::label, {O::integer(3)}),
      I(Opcode::deallocate, {O::integer(2)}),
      I(Opcode::return_),
      // g/1
      I(Opcode::label, {O::integer(5)}),
      I(Opcode::func_info, {O::atom(0), O::atom(2), O::integer(1)}),
      I(Opcode::label, {O::integer(6)}),
      I(Opcode::select_val, {O::x(0), O::label(5), O::integer(2), O::integer(1), O::label(7), O::atom(6), O::label(8)}),
      I(Opcode::label, {O::integer(7)}),
      I(Opcode::move, {O::integer(-5), O::x(0)}),
      I(Opcode::return_),
      I(Opcode::label, {O::integer(8)}),
      I(Opcode::bs_create_bin, {O::label(0), O::integer(1), O::integer(1), O::integer(0), O::integer(0), O::x(0),
                                O::atom(6), O::integer(8), O::x(0)}),
      I(Opcode::jump, {O::label(7)}),
      // '-f/1-fun-0-'/2
      I(Opcode::label, {O::integer(9)}),
      I(Opcode::func_info, {O::atom(0), O::atom(5), O::integer(2)}),
      I(Opcode::label, {O::integer(10)}),
      I(Opcode::put_list, {O::x(0), O::x(1), O::x(0)}),
      I(Opcode::return_),
  };
  return m;
}

}  // namespace girder::loader::testing
