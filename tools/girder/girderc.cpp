// girderc: compile .erl files to module files. Used at build time for the
// stdlib (it has no stdlib of its own). `girder compile` does the same job
// for users.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "loader/module_file.h"
#include "tools/compiler/codegen.h"

int main(int argc, char** argv) {
  std::vector<std::string> inputs;
  std::string out_dir = ".";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-o" && i + 1 < argc) {
      out_dir = argv[++i];
    } else {
      inputs.push_back(a);
    }
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "usage: girderc FILE.erl... [-o DIR]\n");
    return 2;
  }
  int status = 0;
  for (const std::string& path : inputs) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "%s: cannot read file\n", path.c_str());
      status = 1;
      continue;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    auto r = girder::compiler::compile_source(ss.str(), path);
    if (!r.module) {
      for (const auto& d : r.errors) std::fprintf(stderr, "%s\n", d.format().c_str());
      status = 1;
      continue;
    }
    std::vector<std::uint8_t> bytes = girder::loader::write_module(*r.module);
    std::string out = out_dir + "/" + r.module->atoms[0] + ".gbc";
    std::ofstream o(out, std::ios::binary);
    o.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!o) {
      std::fprintf(stderr, "%s: cannot write\n", out.c_str());
      status = 1;
    }
  }
  return status;
}
