/* Lua 5.4's lua_call of a trivial function, for comparison with
 * bench_embed's per-call figures (issue 13 asks for it). Built only when
 * Debian's liblua5.4-dev is installed. */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return x < y ? -1 : x > y;
}

int main(void) {
  lua_State* L = luaL_newstate();
  luaL_openlibs(L);
  if (luaL_dostring(L, "function id(x) return x end")) return 1;
  enum { kBatch = 10000, kBatches = 100 };
  double per[kBatches];
  for (int b = 0; b < kBatches; ++b) {
    double t0 = now_ns();
    for (int i = 0; i < kBatch; ++i) {
      lua_getglobal(L, "id");
      lua_pushinteger(L, 7);
      lua_call(L, 1, 1);
      lua_pop(L, 1);
    }
    per[b] = (now_ns() - t0) / kBatch;
  }
  qsort(per, kBatches, sizeof(double), cmp_double);
  printf("lua_call (Lua 5.4) %d calls: median %.0f ns per call\n", kBatch * kBatches, per[kBatches / 2]);
  lua_close(L);
  return 0;
}
