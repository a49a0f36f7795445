#include "loader/code_path.h"

#include "loader/verify.h"

#include <fstream>
#include <memory>
#include <mutex>
#include <sys/stat.h>
#include <vector>

#include "loader/load.h"
#include "loader/module_file.h"

namespace girder::loader {

namespace {

// Module files bigger than this are refused rather than read into memory.
constexpr std::uint64_t kMaxModuleFileBytes = std::uint64_t{1} << 30;

bool is_regular_file(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool read_file(const std::string& path, std::vector<std::uint8_t>& out, std::string& error) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    error = "cannot open " + path;
    return false;
  }
  std::streamoff size = in.tellg();
  if (size < 0 || static_cast<std::uint64_t>(size) > kMaxModuleFileBytes) {
    error = path + ": not a readable module file (size)";
    return false;
  }
  out.resize(static_cast<std::size_t>(size));
  in.seekg(0);
  if (!in.read(reinterpret_cast<char*>(out.data()), size)) {
    error = "cannot read " + path;
    return false;
  }
  return true;
}

// A module name usable as a file name: no directory parts, no NUL.
bool safe_file_name(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
         name.find('\0') == std::string_view::npos;
}

bool load_checked(vm::VM& vm, const AsmModule& m, std::string_view expected, const std::string& origin,
                  std::string& error) {
  if (!expected.empty() && m.atoms[0] != expected) {
    error = origin + " defines module " + m.atoms[0] + ", not " + std::string(expected);
    return false;
  }
  if (!load_module(vm, m, error)) {
    error = origin + ": " + error;
    return false;
  }
  return true;
}

bool load_embedded(vm::VM& vm, std::string_view name, const ModuleSources& sources, bool& found,
                   std::string& error) {
  found = false;
  if (!sources.embedded) return false;
  std::optional<std::span<const std::uint8_t>> bytes = sources.embedded(name);
  if (!bytes) return false;
  found = true;
  AsmModule m;
  std::string origin = "embedded module " + std::string(name);
  if (!read_module(*bytes, m, error)) {
    error = origin + ": " + error;
    return false;
  }
  return load_checked(vm, m, name, origin, error);
}

}  // namespace

bool load_file(vm::VM& vm, const std::string& path, const ModuleSources& sources, std::string& error,
               std::string_view expected) {
  AsmModule m;
  if (path.size() >= 4 && path.compare(path.size() - 4, 4, ".erl") == 0) {
    if (!sources.compile) {
      error = path + ": no compiler available for .erl files";
      return false;
    }
    if (!sources.compile(path, m, error)) return false;
  } else {
    std::vector<std::uint8_t> bytes;
    if (!read_file(path, bytes, error)) return false;
    if (!read_module(bytes, m, error)) {
      error = path + ": " + error;
      return false;
    }
  }
  return load_checked(vm, m, expected, path, error);
}

bool load_from_code_path(vm::VM& vm, vm::Term module, const ModuleSources& sources, std::string& error) {
  std::string name(vm.atoms().name(module));
  bool found = false;
  if (sources.embedded_first) {
    bool ok = load_embedded(vm, name, sources, found, error);
    if (found) return ok;
  }
  if (safe_file_name(name)) {
    for (const std::string& dir : vm.code().code_path()) {
      std::string base = (dir.empty() ? std::string(".") : dir) + "/" + name;
      for (const char* ext : {".gbc", ".erl"}) {
        std::string path = base + ext;
        if (is_regular_file(path)) return load_file(vm, path, sources, error, name);
      }
    }
  }
  if (!sources.embedded_first) {
    bool ok = load_embedded(vm, name, sources, found, error);
    if (found) return ok;
  }
  error = "module " + name + " not found in the code path";
  return false;
}

namespace {

// Decode a module binary that must define `expected` (badfile otherwise).
bool read_named_module(vm::VM& vm, vm::Term expected, std::span<const std::uint8_t> bytes, AsmModule& m,
                       std::string& error) {
  std::string name(vm.atoms().name(expected));
  if (!read_module(bytes, m, error)) {
    error = "badfile: " + error;
    return false;
  }
  if (m.atoms.empty() || m.atoms[0] != name) {
    error = "badfile: the binary defines module " + (m.atoms.empty() ? std::string("?") : m.atoms[0]) + ", not " + name;
    return false;
  }
  return true;
}

}  // namespace

bool load_module_binary(vm::VM& vm, vm::Term expected, std::span<const std::uint8_t> bytes, std::string& error) {
  AsmModule m;
  if (!read_named_module(vm, expected, bytes, m, error)) return false;
  if (!load_module(vm, m, error)) {
    if (error.rfind("not_purged", 0) != 0) error = "badfile: " + error;
    return false;
  }
  return true;
}

std::unique_ptr<vm::CodeVersion> prepare_module_binary(vm::VM& vm, vm::Term expected,
                                                      std::span<const std::uint8_t> bytes, std::string& error) {
  AsmModule m;
  if (!read_named_module(vm, expected, bytes, m, error)) return nullptr;
  std::unique_ptr<vm::CodeVersion> version = prepare_module(vm, m, error);
  if (!version) error = "badfile: " + error;
  return version;
}

bool check_module_binary(vm::VM& vm, vm::Term expected, std::span<const std::uint8_t> bytes, std::string& error) {
  AsmModule m;
  if (!read_named_module(vm, expected, bytes, m, error)) return false;
  if (!verify_module(m, vm.bifs(), vm.atoms(), error)) {
    error = "badfile: " + error;
    return false;
  }
  return true;
}

vm::ModuleLoader make_code_path_loader(ModuleSources sources) {
  auto mutex = std::make_shared<std::mutex>();
  return [sources = std::move(sources), mutex](vm::VM& vm, vm::Term module, std::string& error) {
    std::lock_guard lock(*mutex);
    // Another process may have loaded it while this one waited.
    if (vm::Module* m = vm.code().find_module(module); m && m->current()) return true;
    return load_from_code_path(vm, module, sources, error);
  };
}

}  // namespace girder::loader
