#include "conformance/connection_diagnosis.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <netdb.h>
#include <openssl/x509.h>
#include <sys/socket.h>

#include <cmath>
#include <memory>

namespace ringpool::conformance {

namespace {

struct Address {
  std::string scheme, host;
  int port = 0;
  std::string host_port;
};

Address parse(const std::string& base_url) {
  Address out;
  const auto scheme_end = base_url.find("://");
  out.scheme = base_url.substr(0, scheme_end);
  std::string rest = base_url.substr(scheme_end == std::string::npos ? 0 : scheme_end + 3);
  out.port = out.scheme == "https" ? 443 : 80;
  // [v6]:port or host:port
  if (!rest.empty() && rest.front() == '[') {
    const auto close = rest.find(']');
    out.host = rest.substr(1, close - 1);
    if (close + 1 < rest.size() && rest[close + 1] == ':') out.port = std::atoi(rest.c_str() + close + 2);
  } else if (const auto colon = rest.rfind(':'); colon != std::string::npos) {
    out.host = rest.substr(0, colon);
    out.port = std::atoi(rest.c_str() + colon + 1);
  } else {
    out.host = rest;
  }
  out.host_port = fmt::format("{}:{}", out.host, out.port);
  return out;
}

bool resolves(const std::string& host) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int error = getaddrinfo(host.c_str(), nullptr, &hints, &found);
  if (found != nullptr) freeaddrinfo(found);
  return error == 0;
}

template <typename Client>
void set_timeouts(Client& client, double timeout_seconds) {
  const auto seconds = static_cast<time_t>(timeout_seconds);
  const auto micros = static_cast<time_t>(std::llround((timeout_seconds - static_cast<double>(seconds)) * 1e6));
  client.set_connection_timeout(seconds, micros);
  client.set_read_timeout(seconds, micros);
  client.set_write_timeout(seconds, micros);
}

// GET / over plain HTTP: an answer of any status says the port speaks HTTP.
httplib::Result plain_get(const Address& address, double timeout_seconds) {
  httplib::Client client(address.host, address.port);
  set_timeouts(client, timeout_seconds);
  return client.Get("/");
}

}  // namespace

ConnectionDiagnosis diagnose_connection(const std::string& base_url, const TlsSettings& tls, double timeout_seconds,
                                        const std::string& transport_error) {
  const Address address = parse(base_url);
  if (!resolves(address.host))
    return {fmt::format("the host name '{}' of {} does not resolve (DNS)", address.host, base_url),
            "correct the host in --target (or in the target file's [urls])"};

  const httplib::Result plain = plain_get(address, timeout_seconds);
  if (!plain && plain.error() == httplib::Error::Connection)
    return {fmt::format("nothing listens on {} (connection refused)", address.host_port),
            "start the server, or correct the port in --target (or in [urls])"};
  if (!plain && plain.error() == httplib::Error::ConnectionTimeout)
    return {fmt::format("{} did not accept a connection within {:g} s", address.host_port, timeout_seconds),
            "check that the server is up and reachable from here (firewall, VPN), or raise timeout_seconds"};

  httplib::SSLClient probe(address.host, address.port);
  set_timeouts(probe, timeout_seconds);
  probe.enable_server_certificate_verification(false);
  const httplib::Result over_tls = probe.Get("/");
  const bool speaks_tls = over_tls || over_tls.error() != httplib::Error::SSLConnection;
  if (address.scheme == "http" && speaks_tls && !plain)
    return {fmt::format("{} speaks TLS (https), but the URL says http://", address.host_port),
            fmt::format("use https://{} in --target (or in [urls])", address.host_port)};
  if (address.scheme == "https" && !speaks_tls && plain)
    return {fmt::format("{} speaks plain HTTP, but the URL says https://", address.host_port),
            fmt::format("use http://{} in --target (or in [urls])", address.host_port)};
  if (address.scheme == "https" && speaks_tls && tls.verify) {
    httplib::SSLClient verified(address.host, address.port);
    set_timeouts(verified, timeout_seconds);
    if (!tls.ca_file.empty()) verified.set_ca_cert_path(tls.ca_file);
    const httplib::Result checked = verified.Get("/");
    if (!checked && checked.error() == httplib::Error::SSLServerVerification)
      return {fmt::format("the certificate of {} is not trusted ({})", address.host_port,
                          X509_verify_cert_error_string(verified.get_openssl_verify_result())),
              "add its CA to the target file: [tls] ca_file = \"ca.pem\" (or verify = false for a self-signed staging "
              "server)"};
    if (!checked && checked.error() == httplib::Error::SSLLoadingCerts)
      return {fmt::format("the CA file '{}' could not be loaded", tls.ca_file),
              "give a PEM file in [tls] ca_file (a path relative to the target file is fine)"};
  }
  return {fmt::format("{} gave no answer: {}", base_url, transport_error),
          "check the server's log; raise timeout_seconds in the target file if it is slow"};
}

}  // namespace ringpool::conformance
