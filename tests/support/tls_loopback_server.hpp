// An https endpoint on a free loopback port for tests (cpp-httplib's SSLServer, OpenSSL): a
// self-signed certificate for 127.0.0.1 made at run time (nothing secret is committed), written
// with its key to a folder so that a target file can trust it (`[tls] ca_file`). It serves an
// api::Service (the reference over TLS), or nothing at all (404), to test a client that speaks
// plain HTTP to a TLS port.
#pragma once

#include "reference/api/http_types.hpp"
#include "reference/api/service.hpp"

#include <boost/test/unit_test.hpp>
#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>

namespace ringpool::testing {

// Writes `dir`/cert.pem and `dir`/key.pem: a self-signed certificate for CN and IP 127.0.0.1,
// valid for a day.
inline void write_self_signed_certificate(const std::filesystem::path& dir) {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  BOOST_REQUIRE(key != nullptr);
  X509* cert = X509_new();
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert), 86400);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
  for (const char* extension : {"IP:127.0.0.1", "CA:TRUE"}) {
    const int nid = std::string_view(extension).starts_with("IP") ? NID_subject_alt_name : NID_basic_constraints;
    X509_EXTENSION* made = X509V3_EXT_conf_nid(nullptr, &context, nid, extension);
    BOOST_REQUIRE(made != nullptr);
    X509_add_ext(cert, made, -1);
    X509_EXTENSION_free(made);
  }
  BOOST_REQUIRE(X509_sign(cert, key, EVP_sha256()) > 0);
  std::filesystem::create_directories(dir);
  FILE* cert_file = std::fopen((dir / "cert.pem").c_str(), "w");
  FILE* key_file = std::fopen((dir / "key.pem").c_str(), "w");
  BOOST_REQUIRE(cert_file != nullptr && key_file != nullptr);
  PEM_write_X509(cert_file, cert);
  PEM_write_PrivateKey(key_file, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(cert_file);
  std::fclose(key_file);
  X509_free(cert);
  EVP_PKEY_free(key);
}

class TlsLoopbackServer {
 public:
  // `service` (may be null: every request answers 404) must outlive the server.
  TlsLoopbackServer(const std::filesystem::path& dir, api::Service* service)
      : certificate_dir_((write_self_signed_certificate(dir), dir)),
        server_((dir / "cert.pem").c_str(), (dir / "key.pem").c_str()) {
    BOOST_REQUIRE(server_.is_valid());
    server_.set_keep_alive_max_count(1000);
    const auto serve = [this, service](const httplib::Request& in, httplib::Response& out) {
      if (service == nullptr) {
        out.status = 404;
        return;
      }
      api::Request request;
      request.method = in.method;
      request.target = in.target;
      request.body = in.body;
      for (const auto& [name, value] : in.headers) request.headers.emplace(name, value);
      api::Response answer;
      {
        const std::lock_guard<std::mutex> lock(mutex_);  // the Service is single-writer
        answer = service->handle(request);
      }
      out.status = answer.status;
      for (const auto& [name, value] : answer.headers) out.set_header(name, value);
      out.set_header("Server", "ringpool/tls-test");
      out.set_content(answer.body, answer.content_type.empty() ? "text/plain" : answer.content_type.c_str());
    };
    for (const char* pattern : {".*"}) {
      server_.Get(pattern, serve);
      server_.Post(pattern, serve);
      server_.Put(pattern, serve);
      server_.Delete(pattern, serve);
    }
    port_ = server_.bind_to_any_port("127.0.0.1");
    BOOST_REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~TlsLoopbackServer() {
    server_.stop();
    thread_.join();
  }
  TlsLoopbackServer(const TlsLoopbackServer&) = delete;
  TlsLoopbackServer& operator=(const TlsLoopbackServer&) = delete;

  int port() const { return port_; }
  std::string https_url() const { return "https://127.0.0.1:" + std::to_string(port_); }
  std::string http_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::filesystem::path ca_file() const { return certificate_dir_ / "cert.pem"; }

 private:
  std::filesystem::path certificate_dir_;
  httplib::SSLServer server_;
  std::mutex mutex_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace ringpool::testing
