// vm/text/ — terms as text and bytes. Owns: ~w/~p printing (this file),
// io_lib:format (format.h), float formatting (float_format.h) and the
// external term format (etf.h). May call: term/, and proc/ only to build
// results on a process heap.
//
// Writing terms as text: ~w (io_lib:write) and ~p (io_lib_pretty), as
// Erlang/OTP 25 prints them, byte for byte.
//
// Invariants:
// * Text is produced as code points (std::u32string) internally; the
//   std::string entry points return UTF-8. "Latin-1 mode" (unicode = false)
//   escapes characters above 255 in quoted atoms as \x{...}, as ~w / ~p do;
//   unicode mode (~tw / ~tp) writes them raw.
// * Printable lists follow OTP's default `+pc latin1` printable range for both
//   ~p and ~tp: a list is printed as "..." only if every element is in
//   32..126, 160..255 or one of \b \t \n \v \f \r \e.
// * Nothing here recurses on list length: long lists are walked iteratively.
//   The ~w writer uses an explicit stack, so nesting depth is unbounded; the
//   ~p layout recurses on nesting depth only, and moves to a thread with a
//   large stack when a term nests deeper than a few thousand levels.
// * Maps are printed in maps:to_list order, as OTP 25 does: key order for
//   flat maps, HAMT iteration order for large ones (map_iteration_pairs).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "vm/term/term.h"

namespace girder::vm {

class VM;

// An atom as Erlang source text: quoted when needed, escapes as OTP.
std::string format_atom(const VM& vm, Term atom, bool unicode = true);
// ~w / ~W (depth -1 = unlimited). UTF-8.
std::string write_term(const VM& vm, Term t, int depth = -1, bool unicode = false);
// ~p / ~P: `column` is 1-based (where the term starts on its line).
std::string print_term(const VM& vm, Term t, int column = 1, int line_length = 80,
                       int depth = -1, bool unicode = false);

// Code-point forms used by the format engine (append to `out`).
void write_term_chars(const VM& vm, Term t, int depth, bool unicode, std::u32string& out);
// `strings` = false is ~lp: lists of characters are printed as lists.
void print_term_chars(const VM& vm, Term t, int column, int line_length, int depth,
                      bool unicode, bool strings, std::u32string& out);
void format_atom_chars(const VM& vm, Term atom, bool unicode, std::u32string& out);

// Is `list` a proper list of characters printable under the latin1 range?
bool printable_latin1_list(Term list);

// The key/value pairs of a map in the order ~p / ~w print them (see above).
void map_to_sorted_pairs(const VM& vm, Term map, std::vector<std::pair<Term, Term>>& out);

// UTF-8 encode (no validation; code points are assumed < 0x110000).
std::string to_utf8(const std::u32string& s);

}  // namespace girder::vm
