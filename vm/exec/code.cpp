#include "vm/exec/code.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>

#include "vm/vm.h"

namespace girder::vm {

Word* LiteralArea::alloc(Word words) {
  if (chunks_.empty() || chunks_.back().capacity - chunks_.back().used < words) {
    Word capacity = std::max<Word>(words, 1024);
    chunks_.push_back(Chunk{std::make_unique<Word[]>(capacity), 0, capacity});
  }
  Chunk& c = chunks_.back();
  Word* p = c.words.get() + c.used;
  c.used += words;
  return p;
}

bool LiteralArea::contains(const Word* p) const {
  for (const Chunk& c : chunks_) {
    if (p >= c.words.get() && p < c.words.get() + c.used) return true;
  }
  return false;
}

LiteralArea::~LiteralArea() {
  for (Word* pb : proc_bins_) {
    auto* bin = reinterpret_cast<RefcBinary*>(pb[2]);
    std::atomic_ref<std::uint64_t> count(bin->refcount);
    if (count.fetch_sub(1, std::memory_order_acq_rel) == 1) std::free(bin);
  }
}

const FunctionRange* CodeVersion::function_at(const Word* pc) const {
  if (!contains(pc)) return nullptr;
  auto offset = static_cast<std::uint32_t>(pc - code.data());
  auto it = std::upper_bound(functions.begin(), functions.end(), offset,
                             [](std::uint32_t off, const FunctionRange& f) { return off < f.begin; });
  if (it == functions.begin()) return nullptr;
  --it;
  return offset < it->end ? &*it : nullptr;
}

std::uint32_t CodeVersion::line_at(const Word* pc) const {
  if (!contains(pc) || lines.empty()) return 0;
  auto offset = static_cast<std::uint32_t>(pc - code.data());
  auto it = std::upper_bound(lines.begin(), lines.end(), offset,
                             [](std::uint32_t off, const LineEntry& l) { return off < l.offset; });
  if (it == lines.begin()) return 0;
  return std::prev(it)->line;
}

ExportEntry* CodeServer::export_entry(Term module, Term function, unsigned arity) {
  std::uint64_t k = key(module, function, arity);
  std::atomic<ExportEntry*>& slot = export_cache_[cache_slot(k)];
  // Acquire: pairs with the release store below (the entry's fields).
  ExportEntry* cached = slot.load(std::memory_order_acquire);
  if (cached != nullptr && cached->module == module && cached->function == function && cached->arity == arity) {
    return cached;
  }
  std::lock_guard lock(mutex_);
  auto& bucket = exports_[k];
  ExportEntry* found = nullptr;
  for (auto& e : bucket) {
    if (e->module == module && e->function == function && e->arity == arity) {
      found = e.get();
      break;
    }
  }
  if (found == nullptr) {
    auto e = std::make_unique<ExportEntry>();
    e->module = module;
    e->function = function;
    e->arity = arity;
    bucket.push_back(std::move(e));
    found = bucket.back().get();
  }
  slot.store(found, std::memory_order_release);
  return found;
}

ExportEntry* CodeServer::find_export(Term module, Term function, unsigned arity) const {
  std::lock_guard lock(mutex_);
  auto it = exports_.find(key(module, function, arity));
  if (it == exports_.end()) return nullptr;
  for (auto& e : it->second) {
    if (e->module == module && e->function == function && e->arity == arity) return e.get();
  }
  return nullptr;
}

Module* CodeServer::find_module(Term name) {
  std::lock_guard lock(mutex_);
  auto it = modules_.find(name.raw());
  return it == modules_.end() ? nullptr : it->second.get();
}

bool CodeServer::install(std::unique_ptr<CodeVersion> version,
                         const std::vector<std::pair<std::pair<Term, unsigned>, const Word*>>& exported) {
  std::lock_guard lock(mutex_);
  Term name = version->module;
  auto& slot = modules_[name.raw()];
  if (!slot) {
    slot = std::make_unique<Module>();
    slot->name = name;
  }
  if (slot->old) return false;  // must purge first
  // Unhook the exports of the version being retired, then publish the new
  // ones. release: the code words written by the loader happen-before any
  // caller that acquires the new address.
  for (auto& [key_, bucket] : exports_) {
    for (auto& e : bucket) {
      if (e->module == name) e->address.store(nullptr, std::memory_order_release);
    }
  }
  for (const auto& [fa, address] : exported) {
    ExportEntry* e = export_entry(name, fa.first, fa.second);
    e->address.store(address, std::memory_order_release);
  }
  slot->old = std::move(slot->current);
  slot->current = std::move(version);
  return true;
}

bool CodeServer::purge(Term module) {
  std::lock_guard lock(mutex_);
  auto it = modules_.find(module.raw());
  if (it == modules_.end() || !it->second->old) return false;
  it->second->old.reset();
  return true;
}

bool CodeServer::ensure_loaded(Term module, std::string& error) {
  {
    std::lock_guard lock(mutex_);
    auto it = modules_.find(module.raw());
    if (it != modules_.end() && it->second->current) return true;
  }
  if (!loader_) {
    error = "no module loader";
    return false;
  }
  return loader_(vm_, module, error);
}

const CodeVersion* CodeServer::version_of(const Word* pc) const {
  std::lock_guard lock(mutex_);
  for (const auto& [name, m] : modules_) {
    if (m->current && m->current->contains(pc)) return m->current.get();
    if (m->old && m->old->contains(pc)) return m->old.get();
  }
  return nullptr;
}

std::vector<Term> CodeServer::loaded_modules() const {
  std::lock_guard lock(mutex_);
  std::vector<Term> out;
  for (const auto& [name, m] : modules_) {
    if (m->current) out.push_back(m->name);
  }
  return out;
}

}  // namespace girder::vm
