// os:getenv/0,1,2, putenv/2, unsetenv/1, getpid/0, type/0. The process
// environment is the host's: an embedded VM shares it with its host (as
// any library calling getenv does), so changes are serialised by one lock
// per VM and made with setenv/unsetenv, never by editing environ.
#include <unistd.h>

#include <cstdlib>
#include <mutex>
#include <string>

#include "vm/bif/bif.h"
#include "vm/bif/os.h"
#include "vm/term/build.h"
#include "vm/vm.h"

extern char** environ;

namespace girder::vm {

namespace {

// The environment is process-wide, so its lock is too: the one piece of
// state here that cannot hang off the VM.
std::mutex& environment_mutex() {
  static std::mutex m;
  return m;
}

bool env_name(Term t, std::string& out) {
  if (!string_from_chars(t, out) && !iodata_bytes(t, out)) return false;
  return !out.empty() && out.find('=') == std::string::npos && out.find('\0') == std::string::npos;
}

Term bif_getenv0(Process& p, const Term*) {
  std::vector<Term> vars;
  std::lock_guard lock(environment_mutex());
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) vars.push_back(make_string(p, *e));
  return make_list(p, vars);
}

Term getenv_or(Process& p, Term name, Term fallback) {
  std::string key;
  if (!env_name(name, key)) return p.badarg();
  std::lock_guard lock(environment_mutex());
  const char* v = std::getenv(key.c_str());
  return v != nullptr ? make_string(p, v) : fallback;
}

Term bif_getenv1(Process& p, const Term* a) { return getenv_or(p, a[0], kFalse); }
Term bif_getenv2(Process& p, const Term* a) { return getenv_or(p, a[0], a[1]); }

Term bif_putenv(Process& p, const Term* a) {
  std::string key, value;
  if (!env_name(a[0], key) || (!string_from_chars(a[1], value) && !iodata_bytes(a[1], value)) ||
      value.find('\0') != std::string::npos) {
    return p.badarg();
  }
  std::lock_guard lock(environment_mutex());
  if (::setenv(key.c_str(), value.c_str(), 1) != 0) return p.badarg();
  return kTrue;
}

Term bif_unsetenv(Process& p, const Term* a) {
  std::string key;
  if (!env_name(a[0], key)) return p.badarg();
  std::lock_guard lock(environment_mutex());
  ::unsetenv(key.c_str());
  return kTrue;
}

Term bif_getpid(Process& p, const Term*) { return make_string(p, std::to_string(::getpid())); }

// girder:os_uid(): the user the VM runs as (the control socket accepts
// only peers of the same user).
Term bif_os_uid(Process& p, const Term*) { return make_integer(p, static_cast<std::int64_t>(::getuid())); }

Term bif_type(Process& p, const Term*) {
  return make_tuple(p, {p.vm().atoms().intern("unix"), p.vm().atoms().intern("linux")});
}

constexpr BifSpec kOsBifs[] = {
    {"os", "getenv", 0, bif_getenv0, false},
    {"os", "getenv", 1, bif_getenv1, false},
    {"os", "getenv", 2, bif_getenv2, false},
    {"os", "putenv", 2, bif_putenv, false},
    {"os", "unsetenv", 1, bif_unsetenv, false},
    {"os", "getpid", 0, bif_getpid, false},
    {"os", "type", 0, bif_type, false},
    {"girder", "os_uid", 0, bif_os_uid, false},
};

}  // namespace

std::span<const BifSpec> bifs_os() { return kOsBifs; }

std::vector<std::string> os_environment() {
  std::vector<std::string> vars;
  std::lock_guard lock(environment_mutex());
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) vars.emplace_back(*e);
  return vars;
}

}  // namespace girder::vm
