/* Embedding API costs (issue 13's bars): per-call overhead of a trivial
 * function in threaded and host-driven mode, a message round trip through
 * a host mailbox, and VM create/destroy. Prints medians.
 * usage: bench_embed [calls]  (default 1000000) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "girder.h"

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return x < y ? -1 : x > y;
}

static const char* kSource =
    "-module(bench).\n-export([id/1, echo/0]).\n"
    "id(X) -> X.\n"
    "echo() -> receive {From, M} -> From ! M, echo() end.\n";

static void die(const char* what, girder_status s) {
  fprintf(stderr, "%s: %s: %s\n", what, girder_status_name(s), girder_last_error());
  exit(1);
}

static void bench_calls(int schedulers, long calls) {
  girder_options o;
  girder_options_init(&o);
  o.schedulers = schedulers;
  girder_vm* vm;
  girder_status s = girder_vm_new(&o, &vm);
  if (s) die("vm_new", s);
  if ((s = girder_load_memory(vm, "bench.erl", kSource, strlen(kSource), 0, NULL))) die("load", s);
  girder_arena* a;
  girder_arena_new(vm, &a);
  girder_term arg, r;
  girder_make_int(a, 7, &arg);
  /* Batches of 10,000 calls; the median batch gives the per-call cost. */
  enum { kBatch = 10000 };
  long batches = calls / kBatch;
  double* per = malloc(sizeof(double) * (size_t)batches);
  for (long b = 0; b < batches; ++b) {
    double t0 = now_ns();
    for (int i = 0; i < kBatch; ++i) {
      if ((s = girder_call(a, "bench", "id", &arg, 1, -1, &r))) die("call", s);
    }
    per[b] = (now_ns() - t0) / kBatch;
    girder_arena_clear(a);
    girder_make_int(a, 7, &arg);
  }
  qsort(per, (size_t)batches, sizeof(double), cmp_double);
  char mode[32];
  if (schedulers == GIRDER_HOST_DRIVEN) snprintf(mode, sizeof mode, "host-driven");
  else snprintf(mode, sizeof mode, "threaded(%d)", schedulers);
  printf("call %-14s %ld calls: median %.0f ns per call\n", mode, batches * kBatch, per[batches / 2]);
  free(per);
  girder_arena_free(a);
  girder_vm_free(vm);
}

static void bench_round_trip(long count) {
  girder_vm* vm;
  girder_status s = girder_vm_new(NULL, &vm);
  if (s) die("vm_new", s);
  if ((s = girder_load_memory(vm, "bench.erl", kSource, strlen(kSource), 0, NULL))) die("load", s);
  girder_arena* a;
  girder_arena_new(vm, &a);
  girder_mailbox* mb;
  girder_mailbox_new(vm, &mb);
  double* rt = malloc(sizeof(double) * (size_t)count);
  for (long i = 0; i < count; ++i) {
    if (i % 1000 == 0) girder_arena_clear(a);
    girder_term echo, me, ping, msg, got;
    if (i % 1000 == 0 || 1) {
      /* handles die with the clear above: rebuild them (cheap) */
    }
    static girder_term echo_pid = 0;
    if (echo_pid == 0) girder_spawn(a, "bench", "echo", NULL, 0, &echo_pid);
    echo = echo_pid; /* a pid is an immediate: valid in any arena of the VM */
    girder_mailbox_pid(mb, a, &me);
    girder_make_int(a, i, &ping);
    girder_term pair[2] = {me, ping};
    girder_make_tuple(a, pair, 2, &msg);
    double t0 = now_ns();
    if ((s = girder_send(a, echo, msg))) die("send", s);
    if ((s = girder_mailbox_receive(mb, a, -1, &got))) die("receive", s);
    rt[i] = now_ns() - t0;
  }
  qsort(rt, (size_t)count, sizeof(double), cmp_double);
  printf("mailbox round trip %ld: median %.2f us, p99 %.2f us\n", count, rt[count / 2] / 1000, rt[count * 99 / 100] / 1000);
  free(rt);
  girder_mailbox_free(mb);
  girder_arena_free(a);
  girder_vm_free(vm);
}

static void bench_create(int cycles) {
  double* t = malloc(sizeof(double) * (size_t)cycles);
  for (int i = 0; i < cycles; ++i) {
    double t0 = now_ns();
    girder_vm* vm;
    girder_status s = girder_vm_new(NULL, &vm);
    if (s) die("vm_new", s);
    girder_vm_free(vm);
    t[i] = now_ns() - t0;
  }
  qsort(t, (size_t)cycles, sizeof(double), cmp_double);
  printf("create+destroy %d VMs: median %.2f ms\n", cycles, t[cycles / 2] / 1e6);
  free(t);
}

int main(int argc, char** argv) {
  long calls = argc > 1 ? atol(argv[1]) : 1000000;
  if (calls < 10000) calls = 10000;
  bench_calls(1, calls);
  bench_calls(2, calls);
  bench_calls(GIRDER_HOST_DRIVEN, calls);
  bench_round_trip(calls / 10);
  bench_create(100);
  return 0;
}
