#include "vm/process_table.h"

#include <algorithm>

#include "vm/process.h"

namespace girder::vm {

ProcessTable::~ProcessTable() {
  // Processes still listed when the VM goes away (the VM halted while they
  // ran or waited): the table's reference is the last one by now.
  for (Shard& s : shards_) {
    for (auto& [id, p] : s.map) release(p);
    s.map.clear();
  }
}

void ProcessTable::insert(Process* p) {
  Shard& s = shard(p->id());
  std::lock_guard guard(s.lock);
  s.map.emplace(p->id(), p);
  count_.fetch_add(1, std::memory_order_relaxed);
}

void ProcessTable::remove(Word id) {
  Shard& s = shard(id);
  std::lock_guard guard(s.lock);
  if (s.map.erase(id) != 0) count_.fetch_sub(1, std::memory_order_relaxed);
}

Process* ProcessTable::acquire(Word id) {
  Shard& s = shard(id);
  std::lock_guard guard(s.lock);
  auto it = s.map.find(id);
  if (it == s.map.end()) return nullptr;
  it->second->retain();
  return it->second;
}

void ProcessTable::release(Process* p) {
  if (p != nullptr && p->release_ref()) delete p;
}

bool ProcessTable::alive(Word id) {
  Shard& s = shard(id);
  std::lock_guard guard(s.lock);
  return s.map.count(id) != 0;
}

std::vector<Word> ProcessTable::pids() {
  std::vector<Word> out;
  for (Shard& s : shards_) {
    std::lock_guard guard(s.lock);
    for (auto& [id, p] : s.map) out.push_back(id);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool ProcessTable::register_name(Term name, Word id) {
  std::lock_guard lock(names_mutex_);
  if (names_.count(name.atom_index()) != 0 || name_of_.count(id) != 0) return false;
  names_.emplace(name.atom_index(), id);
  name_of_.emplace(id, name.atom_index());
  return true;
}

bool ProcessTable::unregister_name(Term name) {
  std::lock_guard lock(names_mutex_);
  auto it = names_.find(name.atom_index());
  if (it == names_.end()) return false;
  name_of_.erase(it->second);
  names_.erase(it);
  return true;
}

Word ProcessTable::whereis(Term name) {
  std::lock_guard lock(names_mutex_);
  auto it = names_.find(name.atom_index());
  return it == names_.end() ? 0 : it->second;
}

Term ProcessTable::name_of(Word id) {
  std::lock_guard lock(names_mutex_);
  auto it = name_of_.find(id);
  return it == name_of_.end() ? kNil : Term::atom(it->second);
}

std::vector<Term> ProcessTable::registered() {
  std::lock_guard lock(names_mutex_);
  std::vector<Term> out;
  for (auto& [n, pid] : names_) out.push_back(Term::atom(n));
  return out;
}

}  // namespace girder::vm
