/* getaddrinfo as an application calls it (AF_UNSPEC, SOCK_STREAM; "addrconfig" adds AI_ADDRCONFIG): prints each
 * address, or the error. Built with Debian's gcc (glibc) and with musl-gcc -static by the resolver kernel test. */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

int main(int argc, char **argv) {
  struct addrinfo hints, *res, *p;
  char text[INET6_ADDRSTRLEN];
  if (argc < 2) return 2;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  if (argc > 2 && strcmp(argv[2], "addrconfig") == 0) hints.ai_flags = AI_ADDRCONFIG;
  int rc = getaddrinfo(argv[1], NULL, &hints, &res);
  if (rc != 0) {
    printf("error %d\n", rc);
    return 0;
  }
  for (p = res; p != NULL; p = p->ai_next) {
    const void *addr = p->ai_family == AF_INET ? (const void *)&((struct sockaddr_in *)p->ai_addr)->sin_addr
                                               : (const void *)&((struct sockaddr_in6 *)p->ai_addr)->sin6_addr;
    printf("%s\n", inet_ntop(p->ai_family, addr, text, sizeof text));
  }
  freeaddrinfo(res);
  return 0;
}
