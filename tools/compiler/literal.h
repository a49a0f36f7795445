// Compile-time constants: which expressions are literals, and their encoding
// in the external term format (module files carry literals that way).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tools/compiler/ast.h"

namespace girder::compiler {

// True if `e` is a constant term: atoms, numbers, strings, [], and tuples,
// lists, maps (with constant keys and values) and binaries of constants with
// default or literal-integer segment options.
bool is_constant(const Expr& e);

// Append the external term format encoding of constant `e` (without the 131
// version byte). Precondition: is_constant(e).
void encode_constant(const Expr& e, std::vector<std::uint8_t>& out);

// Version byte + encoding.
std::vector<std::uint8_t> constant_to_etf(const Expr& e);

// Encoders for pieces the code generator builds directly.
void etf_atom(const std::string& utf8, std::vector<std::uint8_t>& out);
void etf_integer_text(const std::string& decimal, std::vector<std::uint8_t>& out);  // any size
void etf_small_or_int(std::int64_t v, std::vector<std::uint8_t>& out);

// Decimal text of a constant integer expression's value (int_value or big_value).
std::string integer_text(const Expr& e);

}  // namespace girder::compiler
