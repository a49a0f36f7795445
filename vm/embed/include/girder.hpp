// girder.hpp: a header-only C++20 wrapper over girder.h.
//
// RAII owners for the VM, arenas and mailboxes; Term, a (arena, handle)
// pair with conversions from and to common C++ types; exceptions on the
// C++ side only (girder::Error carries the C status and text; an Erlang
// exception arrives as girder::ErlangException with its class, reason and
// stack trace). Everything here calls the C API: the rules of girder.h
// (ownership by arenas, threads) hold unchanged.
//
//   girder::Vm vm;                                   // threaded, defaults
//   vm.load_source("m.erl", "-module(m). -export([f/1]). f(X) -> X * 2.");
//   girder::Arena a(vm);
//   int y = a.call<int>("m", "f", 21);               // 42
#ifndef GIRDER_HPP
#define GIRDER_HPP

#include <cstdint>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "girder.h"

namespace girder {

class Error : public std::runtime_error {
 public:
  Error(girder_status status, const std::string& text)
      : std::runtime_error(std::string(girder_status_name(status)) + ": " + text), status_(status) {}
  girder_status status() const { return status_; }

 private:
  girder_status status_;
};

inline void check(girder_status s) {
  if (s != GIRDER_OK) throw Error(s, girder_last_error());
}

// An atom to build: Arena::make(Atom{"ok"}).
struct Atom {
  std::string name;
};

class Arena;

// A term of an arena: valid while the arena holds it (see girder.h).
class Term {
 public:
  Term() = default;
  Term(Arena* arena, girder_term handle) : arena_(arena), handle_(handle) {}
  girder_term handle() const { return handle_; }
  Arena& arena() const { return *arena_; }
  girder_type type() const;
  // The term as ~p prints it.
  std::string str() const;
  // Conversions (throw girder::Error on a mismatch): int64_t and other
  // integers, double, bool, std::string (strings, binaries, atoms),
  // std::vector<T>, std::map<K, V>, std::tuple<T...>, Term.
  template <typename T>
  T as() const;
  Term operator[](std::size_t i) const;  // tuple element
  std::size_t size() const;               // tuple size, list length or map size
  bool operator==(const Term& other) const;

 private:
  Arena* arena_ = nullptr;
  girder_term handle_ = 0;
};

class ErlangException : public Error {
 public:
  ErlangException(const Term& payload, const std::string& text)
      : Error(GIRDER_EEXCEPTION, text), class_(payload[0].str()), reason_(payload[1]), stacktrace_(payload[2]) {}
  // error, exit or throw
  const std::string& error_class() const { return class_; }
  const Term& reason() const { return reason_; }
  const Term& stacktrace() const { return stacktrace_; }

 private:
  std::string class_;
  Term reason_;
  Term stacktrace_;
};

class Vm {
 public:
  struct Options {
    int schedulers = 0;  // 0: one per core; GIRDER_HOST_DRIVEN: none
    bool jit = true;
    std::vector<std::string> code_path;
    std::size_t process_heap_limit = 0;  // bytes; 0: none
    girder_output_fn output = nullptr;
    void* output_userdata = nullptr;
  };
  Vm() : Vm(Options{}) {}
  explicit Vm(const Options& options) {
    girder_options o;
    girder_options_init(&o);
    o.schedulers = options.schedulers;
    o.jit = options.jit ? 1 : 0;
    std::vector<const char*> path;
    for (const auto& p : options.code_path) path.push_back(p.c_str());
    o.code_path = path.data();
    o.code_path_count = path.size();
    o.process_heap_limit = options.process_heap_limit;
    o.output = options.output;
    o.output_userdata = options.output_userdata;
    check(girder_vm_new(&o, &vm_));
  }
  ~Vm() { girder_vm_free(vm_); }
  Vm(const Vm&) = delete;
  Vm& operator=(const Vm&) = delete;
  Vm(Vm&& other) noexcept : vm_(std::exchange(other.vm_, nullptr)) {}
  girder_vm* get() const { return vm_; }

  // Compile and load (or hot-load a new version of) a module.
  void load_source(std::string_view name, std::string_view source, bool purge = false) {
    check(girder_load_memory(vm_, std::string(name).c_str(), source.data(), source.size(),
                             purge ? GIRDER_LOAD_PURGE : 0, nullptr));
  }
  void load_file(const std::string& path, bool purge = false) {
    check(girder_load_file(vm_, path.c_str(), purge ? GIRDER_LOAD_PURGE : 0, nullptr));
  }
  // Host-driven mode: run processes on this thread; true if it went idle.
  bool run_for(std::uint64_t microseconds) {
    int idle = 0;
    check(girder_run_for(vm_, microseconds, &idle));
    return idle != 0;
  }
  // Register fn as Module:Function/Arity (see girder_native_fn).
  void register_native(const std::string& module, const std::string& function, unsigned arity, girder_native_fn fn,
                       void* userdata = nullptr) {
    check(girder_register_native(vm_, module.c_str(), function.c_str(), arity, fn, userdata));
  }

 private:
  girder_vm* vm_ = nullptr;
};

class Arena {
 public:
  explicit Arena(Vm& vm) { check(girder_arena_new(vm.get(), &arena_)); }
  // Wraps an arena the API lends (a native's argument arena): not owned.
  static Arena borrow(girder_arena* a) { return Arena(a); }
  ~Arena() {
    if (owned_) girder_arena_free(arena_);
  }
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  Arena(Arena&& other) noexcept
      : arena_(std::exchange(other.arena_, nullptr)), owned_(std::exchange(other.owned_, false)) {}
  girder_arena* get() const { return arena_; }
  void clear() { girder_arena_clear(arena_); }

  Term wrap(girder_term t) { return Term(this, t); }

  // C++ values to terms: integers, double, bool and Atom to numbers and
  // atoms, std::string / const char* to Erlang strings (lists), a
  // std::vector to a list, std::map to a map, std::tuple / std::pair to a
  // tuple. binary() makes a binary.
  Term make(const Term& t) { return t; }
  Term make(bool b) { return make(Atom{b ? "true" : "false"}); }
  template <typename I, typename = std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>>>
  Term make(I value) {
    girder_term t = 0;
    if constexpr (std::is_signed_v<I>) {
      check(girder_make_int(arena_, static_cast<std::int64_t>(value), &t));
    } else {
      check(girder_make_uint(arena_, static_cast<std::uint64_t>(value), &t));
    }
    return wrap(t);
  }
  Term make(double value) {
    girder_term t = 0;
    check(girder_make_float(arena_, value, &t));
    return wrap(t);
  }
  Term make(const Atom& atom) {
    girder_term t = 0;
    check(girder_make_atom(arena_, atom.name.data(), atom.name.size(), &t));
    return wrap(t);
  }
  Term make(std::string_view s) {
    girder_term t = 0;
    check(girder_make_string(arena_, s.data(), s.size(), &t));
    return wrap(t);
  }
  Term make(const std::string& s) { return make(std::string_view(s)); }
  Term make(const char* s) { return make(std::string_view(s)); }
  Term binary(std::string_view bytes) {
    girder_term t = 0;
    check(girder_make_binary(arena_, bytes.data(), bytes.size(), &t));
    return wrap(t);
  }
  template <typename T>
  Term make(const std::vector<T>& items) {
    std::vector<girder_term> hs;
    for (const auto& item : items) hs.push_back(make(item).handle());
    girder_term t = 0;
    check(girder_make_list(arena_, hs.data(), hs.size(), 0, &t));
    return wrap(t);
  }
  template <typename K, typename V>
  Term make(const std::map<K, V>& m) {
    std::vector<girder_term> ks, vs;
    for (const auto& [k, v] : m) {
      ks.push_back(make(k).handle());
      vs.push_back(make(v).handle());
    }
    girder_term t = 0;
    check(girder_make_map(arena_, ks.data(), vs.data(), ks.size(), &t));
    return wrap(t);
  }
  template <typename... T>
  Term make(const std::tuple<T...>& tuple) {
    std::vector<girder_term> hs;
    std::apply([&](const auto&... e) { (hs.push_back(make(e).handle()), ...); }, tuple);
    girder_term t = 0;
    check(girder_make_tuple(arena_, hs.data(), hs.size(), &t));
    return wrap(t);
  }
  template <typename A, typename B>
  Term make(const std::pair<A, B>& p) {
    return make(std::make_tuple(p.first, p.second));
  }
  // {E1, E2, ...} from any values.
  template <typename... T>
  Term tuple(const T&... elements) {
    return make(std::make_tuple(elements...));
  }
  Term parse(std::string_view text) {
    girder_term t = 0;
    check(girder_parse_term(arena_, text.data(), text.size(), &t));
    return wrap(t);
  }

  // M:F(Args...) converted to R (Term for the term itself). Erlang
  // exceptions throw ErlangException; timeout_ms < 0 waits for ever.
  template <typename R = Term, typename... Args>
  R call(const std::string& module, const std::string& function, const Args&... args) {
    return call_timeout<R>(module, function, -1, args...);
  }
  template <typename R = Term, typename... Args>
  R call_timeout(const std::string& module, const std::string& function, std::int64_t timeout_ms,
                 const Args&... args) {
    girder_term hs[sizeof...(Args) + 1] = {make(args).handle()...};
    girder_term result = 0;
    girder_status s =
        girder_call(arena_, module.c_str(), function.c_str(), hs, sizeof...(Args), timeout_ms, &result);
    if (s == GIRDER_EEXCEPTION) throw ErlangException(wrap(result), girder_last_error());
    check(s);
    return wrap(result).template as<R>();
  }
  Term spawn(const std::string& module, const std::string& function, const std::vector<Term>& args = {}) {
    std::vector<girder_term> hs;
    for (const auto& a : args) hs.push_back(a.handle());
    girder_term pid = 0;
    check(girder_spawn(arena_, module.c_str(), function.c_str(), hs.data(), hs.size(), &pid));
    return wrap(pid);
  }
  template <typename T>
  void send(const Term& to, const T& message) {
    check(girder_send(arena_, to.handle(), make(message).handle()));
  }
  Term whereis(const std::string& name) {
    girder_term pid = 0;
    check(girder_whereis(arena_, name.c_str(), &pid));
    return wrap(pid);
  }

 private:
  explicit Arena(girder_arena* a) : arena_(a), owned_(false) {}
  girder_arena* arena_ = nullptr;
  bool owned_ = true;
};

class Mailbox {
 public:
  explicit Mailbox(Vm& vm) { check(girder_mailbox_new(vm.get(), &mb_)); }
  ~Mailbox() { girder_mailbox_free(mb_); }
  Mailbox(const Mailbox&) = delete;
  Mailbox& operator=(const Mailbox&) = delete;
  girder_mailbox* get() const { return mb_; }
  Term pid(Arena& a) const {
    girder_term t = 0;
    check(girder_mailbox_pid(mb_, a.get(), &t));
    return a.wrap(t);
  }
  // The next message, or false after timeout_ms (0: do not wait; < 0: for ever).
  bool receive(Arena& a, std::int64_t timeout_ms, Term& out) {
    girder_term t = 0;
    girder_status s = girder_mailbox_receive(mb_, a.get(), timeout_ms, &t);
    if (s == GIRDER_ETIMEOUT) return false;
    check(s);
    out = a.wrap(t);
    return true;
  }
  int fd() const { return girder_mailbox_fd(mb_); }

 private:
  girder_mailbox* mb_ = nullptr;
};

// --- Term's members ---

inline girder_type Term::type() const { return girder_type_of(arena_->get(), handle_); }

inline std::string Term::str() const {
  const char* text = nullptr;
  std::size_t n = 0;
  check(girder_format(arena_->get(), handle_, &text, &n));
  return std::string(text, n);
}

inline Term Term::operator[](std::size_t i) const {
  girder_term t = 0;
  check(girder_tuple_element(arena_->get(), handle_, i, &t));
  return Term(arena_, t);
}

inline std::size_t Term::size() const {
  std::size_t n = 0;
  switch (type()) {
    case GIRDER_TYPE_TUPLE: check(girder_tuple_size(arena_->get(), handle_, &n)); break;
    case GIRDER_TYPE_MAP: check(girder_map_size(arena_->get(), handle_, &n)); break;
    default: check(girder_list_length(arena_->get(), handle_, &n)); break;
  }
  return n;
}

inline bool Term::operator==(const Term& other) const {
  return girder_term_equal(arena_->get(), handle_, other.handle_) != 0;
}

namespace detail {
template <typename T>
struct is_vector : std::false_type {};
template <typename T>
struct is_vector<std::vector<T>> : std::true_type {};
template <typename T>
struct is_map : std::false_type {};
template <typename K, typename V>
struct is_map<std::map<K, V>> : std::true_type {};
template <typename T>
struct is_tuple : std::false_type {};
template <typename... T>
struct is_tuple<std::tuple<T...>> : std::true_type {};
}  // namespace detail

template <typename T>
T Term::as() const {
  girder_arena* a = arena_->get();
  if constexpr (std::is_same_v<T, Term>) {
    return *this;
  } else if constexpr (std::is_same_v<T, bool>) {
    const char* name = nullptr;
    std::size_t n = 0;
    check(girder_get_atom(a, handle_, &name, &n));
    std::string_view s(name, n);
    if (s != "true" && s != "false") throw Error(GIRDER_EBADARG, "not a boolean: " + str());
    return s == "true";
  } else if constexpr (std::is_integral_v<T>) {
    std::int64_t v = 0;
    check(girder_get_int(a, handle_, &v));
    if (v < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
        (v > 0 && static_cast<std::uint64_t>(v) > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))) {
      throw Error(GIRDER_ERANGE, "the integer does not fit: " + str());
    }
    return static_cast<T>(v);
  } else if constexpr (std::is_floating_point_v<T>) {
    double d = 0;
    check(girder_get_float(a, handle_, &d));
    return static_cast<T>(d);
  } else if constexpr (std::is_same_v<T, std::string>) {
    const char* text = nullptr;
    std::size_t n = 0;
    if (type() == GIRDER_TYPE_ATOM) {
      check(girder_get_atom(a, handle_, &text, &n));
    } else {
      check(girder_get_string(a, handle_, &text, &n));
    }
    return std::string(text, n);
  } else if constexpr (detail::is_vector<T>::value) {
    T out;
    girder_term l = handle_;
    while (girder_type_of(a, l) == GIRDER_TYPE_LIST) {
      girder_term head = 0, tail = 0;
      check(girder_list_cell(a, l, &head, &tail));
      out.push_back(Term(arena_, head).as<typename T::value_type>());
      l = tail;
    }
    if (girder_type_of(a, l) != GIRDER_TYPE_NIL) throw Error(GIRDER_EBADARG, "not a proper list: " + str());
    return out;
  } else if constexpr (detail::is_map<T>::value) {
    T out;
    std::size_t n = 0;
    check(girder_map_size(a, handle_, &n));
    for (std::size_t i = 0; i < n; ++i) {
      girder_term k = 0, v = 0;
      check(girder_map_entry(a, handle_, i, &k, &v));
      out.emplace(Term(arena_, k).as<typename T::key_type>(), Term(arena_, v).as<typename T::mapped_type>());
    }
    return out;
  } else if constexpr (detail::is_tuple<T>::value) {
    constexpr std::size_t n = std::tuple_size_v<T>;
    if (type() != GIRDER_TYPE_TUPLE || size() != n) throw Error(GIRDER_EBADARG, "not a tuple of size " + std::to_string(n));
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return T((*this)[I].template as<std::tuple_element_t<I, T>>()...);
    }(std::make_index_sequence<n>{});
  } else {
    static_assert(sizeof(T) == 0, "girder::Term::as: no conversion to this type");
  }
}

}  // namespace girder

#endif  // GIRDER_HPP
