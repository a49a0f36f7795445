// The math module. Every function takes numbers (integers are converted to
// floats). Like OTP, a non-number argument is a badarg and a result that is
// not a finite float is a badarith (math:sqrt(-1), math:log(0), ...).
#include <cmath>

#include "vm/bif/bif.h"
#include "vm/exec/arith.h"
#include "vm/term/build.h"

namespace girder::vm {

namespace {

Term finish(Process& p, double r) {
  if (!std::isfinite(r)) return p.badarith();
  return make_float(p, r);
}

template <double (*F)(double)>
Term math1(Process& p, const Term* a) {
  double x;
  if (!number_to_double(a[0], x)) return a[0].is_number() ? p.badarith() : p.badarg();
  return finish(p, F(x));
}

template <double (*F)(double, double)>
Term math2(Process& p, const Term* a) {
  double x, y;
  if (!a[0].is_number() || !a[1].is_number()) return p.badarg();
  if (!number_to_double(a[0], x) || !number_to_double(a[1], y)) return p.badarith();
  return finish(p, F(x, y));
}

Term bif_pi(Process& p, const Term*) { return make_float(p, M_PI); }

// Wrappers give each libm overload one address.
double m_sin(double x) { return std::sin(x); }
double m_cos(double x) { return std::cos(x); }
double m_tan(double x) { return std::tan(x); }
double m_asin(double x) { return std::asin(x); }
double m_acos(double x) { return std::acos(x); }
double m_atan(double x) { return std::atan(x); }
double m_sinh(double x) { return std::sinh(x); }
double m_cosh(double x) { return std::cosh(x); }
double m_tanh(double x) { return std::tanh(x); }
double m_asinh(double x) { return std::asinh(x); }
double m_acosh(double x) { return std::acosh(x); }
double m_atanh(double x) { return std::atanh(x); }
double m_exp(double x) { return std::exp(x); }
double m_log(double x) { return std::log(x); }
double m_log2(double x) { return std::log2(x); }
double m_log10(double x) { return std::log10(x); }
double m_sqrt(double x) { return std::sqrt(x); }
double m_ceil(double x) { return std::ceil(x); }
double m_floor(double x) { return std::floor(x); }
double m_erf(double x) { return std::erf(x); }
double m_erfc(double x) { return std::erfc(x); }
double m_atan2(double y, double x) { return std::atan2(y, x); }
double m_pow(double x, double y) { return std::pow(x, y); }
double m_fmod(double x, double y) { return std::fmod(x, y); }

constexpr BifSpec kMathBifs[] = {
    {"math", "pi", 0, bif_pi, false},
    {"math", "sin", 1, math1<m_sin>, false},
    {"math", "cos", 1, math1<m_cos>, false},
    {"math", "tan", 1, math1<m_tan>, false},
    {"math", "asin", 1, math1<m_asin>, false},
    {"math", "acos", 1, math1<m_acos>, false},
    {"math", "atan", 1, math1<m_atan>, false},
    {"math", "atan2", 2, math2<m_atan2>, false},
    {"math", "sinh", 1, math1<m_sinh>, false},
    {"math", "cosh", 1, math1<m_cosh>, false},
    {"math", "tanh", 1, math1<m_tanh>, false},
    {"math", "asinh", 1, math1<m_asinh>, false},
    {"math", "acosh", 1, math1<m_acosh>, false},
    {"math", "atanh", 1, math1<m_atanh>, false},
    {"math", "exp", 1, math1<m_exp>, false},
    {"math", "log", 1, math1<m_log>, false},
    {"math", "log2", 1, math1<m_log2>, false},
    {"math", "log10", 1, math1<m_log10>, false},
    {"math", "pow", 2, math2<m_pow>, false},
    {"math", "sqrt", 1, math1<m_sqrt>, false},
    {"math", "ceil", 1, math1<m_ceil>, false},
    {"math", "floor", 1, math1<m_floor>, false},
    {"math", "fmod", 2, math2<m_fmod>, false},
    {"math", "erf", 1, math1<m_erf>, false},
    {"math", "erfc", 1, math1<m_erfc>, false},
};

}  // namespace

std::span<const BifSpec> bifs_math() { return kMathBifs; }

}  // namespace girder::vm
