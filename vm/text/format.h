// io_lib:format/2: the ~ directive engine, matching Erlang/OTP 25 output.
//
// Directive syntax: ~[-][F][.[P][.Pad]][t][l]C, where F, P and Pad may be `*`
// (taken from the argument list; a negative F from `*` means left-adjust).
// Controls: ~w ~W ~p ~P ~s ~c ~e ~f ~g ~b ~B ~x ~X ~# ~+ ~i ~n ~~.
// ~p / ~P start at the column the text before them on the same line reaches
// (tabs advance to the next multiple of 8), as OTP's io_lib_format does.
//
// Error contract: format_to_chars returns false (with a short reason in
// *error when non-null) for a malformed format, a wrong number of arguments or
// an argument of the wrong type; the BIFs then raise error:badarg.
#pragma once

#include <string>
#include <vector>

#include "vm/proc/process.h"
#include "vm/term/term.h"

namespace girder::vm {

// The output of one term directive (~w ~W ~p ~P, ~s of a string or binary):
// the characters out[begin, end). io_lib:format/2 returns each as one
// element of its (deep) result, as OTP's io_lib_format:build does; literal
// characters and the output of the other directives are spliced in flat.
struct FormatSegment {
  std::size_t begin;
  std::size_t end;
};

// `format`: a flat list of character codes, a binary (its bytes are the
// characters, as OTP's binary_to_list) or an atom. `args`: a proper list.
// When `segments` is non-null the term directives' ranges are appended to it,
// in order.
bool format_to_chars(Process& p, Term format, Term args, std::u32string& out, std::string* error,
                     std::vector<FormatSegment>* segments = nullptr);

// Unicode chardata (nested lists of code points and UTF-8 binaries) to UTF-8
// bytes. False on anything else (io:put_chars then raises badarg).
bool chardata_to_utf8(Term data, std::string& out);

// ~e / ~f / ~g of a double with precision `precision` (OTP's digit rounding
// from the 21-significant-digit decimal form). Precondition: the precision is
// valid for the control (>= 2 for e, >= 1 for f and g).
std::string format_float_e(double value, int precision);
std::string format_float_f(double value, int precision);
std::string format_float_g(double value, int precision);

}  // namespace girder::vm
