/* A C host of Girder (docs/embedding.md walks through it): load a module
 * from source, call it, talk to one of its processes through a host
 * mailbox, let Erlang call a C function, hot-load a new version, shut down. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <girder.h>

static const char* kGreeterV1 =
    "-module(greeter).\n"
    "-export([greet/1, server/0]).\n"
    "greet(Name) -> \"Hello, \" ++ Name ++ \"!\".\n"
    "%% Answers {From, N} with {self(), N * host:scale(N)}; host:scale/1 is C.\n"
    "server() -> receive {From, N} -> From ! {self(), N * host:scale(N)}, greeter:server() end.\n";

static const char* kGreeterV2 =
    "-module(greeter).\n"
    "-export([greet/1, server/0]).\n"
    "greet(Name) -> \"Welcome back, \" ++ Name ++ \".\".\n"
    "server() -> receive {From, N} -> From ! {self(), -N}, greeter:server() end.\n";

/* Die with the API's explanation when a call fails. */
static void check(girder_status s, const char* what) {
  if (s != GIRDER_OK) {
    fprintf(stderr, "%s: %s\n%s\n", what, girder_status_name(s), girder_last_error());
    exit(1);
  }
}

/* host:scale(N) -> N + 1, written in C. */
static girder_status scale(girder_native_call* call, girder_arena* a, const girder_term* args, size_t argc,
                           girder_term* result) {
  int64_t n;
  if (girder_get_int(a, args[0], &n) != GIRDER_OK) {
    girder_term reason;
    girder_make_atom(a, "not_an_integer", 14, &reason);
    return girder_native_raise(call, "error", reason);
  }
  return girder_make_int(a, n + 1, result);
}

static void print_term(girder_arena* a, const char* label, girder_term t) {
  const char* text;
  size_t n;
  check(girder_format(a, t, &text, &n), "format");
  printf("%s%.*s\n", label, (int)n, text);
}

int main(void) {
  girder_vm* vm;
  check(girder_vm_new(NULL, &vm), "vm_new");
  check(girder_register_native(vm, "host", "scale", 1, scale, NULL), "register_native");
  check(girder_load_memory(vm, "greeter.erl", kGreeterV1, strlen(kGreeterV1), 0, NULL), "load v1");

  girder_arena* a;
  check(girder_arena_new(vm, &a), "arena_new");

  /* A call: greeter:greet("C host"). */
  girder_term name, result;
  check(girder_make_string(a, "C host", 6, &name), "make_string");
  check(girder_call(a, "greeter", "greet", &name, 1, 5000, &result), "greet");
  const char* text;
  size_t len;
  check(girder_get_string(a, result, &text, &len), "get_string");
  printf("greet: %.*s\n", (int)len, text);

  /* Messages: spawn the server, send {Mailbox, 6}, receive the answer. */
  girder_mailbox* mb;
  check(girder_mailbox_new(vm, &mb), "mailbox_new");
  girder_term server, me, six, msg, reply;
  check(girder_spawn(a, "greeter", "server", NULL, 0, &server), "spawn");
  check(girder_mailbox_pid(mb, a, &me), "mailbox_pid");
  check(girder_make_int(a, 6, &six), "make_int");
  girder_term pair[2] = {me, six};
  check(girder_make_tuple(a, pair, 2, &msg), "make_tuple");
  check(girder_send(a, server, msg), "send");
  check(girder_mailbox_receive(mb, a, 5000, &reply), "receive");
  girder_term value;
  check(girder_tuple_element(a, reply, 1, &value), "tuple_element");
  print_term(a, "server (v1, 6 * host:scale(6)): ", value);

  /* An Erlang exception comes back with its class and reason. */
  girder_term bad;
  check(girder_make_atom(a, "oops", 4, &bad), "make_atom");
  if (girder_call(a, "host", "scale", &bad, 1, 5000, &result) == GIRDER_EEXCEPTION) {
    girder_term reason;
    check(girder_tuple_element(a, result, 1, &reason), "tuple_element");
    print_term(a, "host:scale(oops) raised: ", reason);
  }

  /* Hot loading: a new version; the running server moves to it at its next
   * fully qualified call (greeter:server()). */
  check(girder_load_memory(vm, "greeter.erl", kGreeterV2, strlen(kGreeterV2), 0, NULL), "load v2");
  check(girder_call(a, "greeter", "greet", &name, 1, 5000, &result), "greet v2");
  check(girder_get_string(a, result, &text, &len), "get_string");
  printf("greet: %.*s\n", (int)len, text);
  check(girder_send(a, server, msg), "send");  /* still runs v1 for this message */
  check(girder_mailbox_receive(mb, a, 5000, &reply), "receive");
  check(girder_tuple_element(a, reply, 1, &value), "tuple_element");
  print_term(a, "server (finishing v1): ", value);
  check(girder_send(a, server, msg), "send");
  check(girder_mailbox_receive(mb, a, 5000, &reply), "receive");
  check(girder_tuple_element(a, reply, 1, &value), "tuple_element");
  print_term(a, "server (v2): ", value);

  girder_mailbox_free(mb);
  girder_arena_free(a);
  girder_vm_free(vm);
  printf("shut down cleanly\n");
  return 0;
}
