//! Encrypted connections to the shared database, in pure Rust: rustls with the RustCrypto
//! provider (no ring, no aws-lc, so no C compiler; it builds for every counter PC, LoongArch
//! included).
//!
//! `sslmode` and `sslrootcert` in the database address mean what they mean to libpq (`psql`),
//! so the office IT can write the address it already uses:
//!
//! | sslmode      | encrypted | server certificate checked                               |
//! |--------------|-----------|----------------------------------------------------------|
//! | `disable`    | no        | —                                                         |
//! | `prefer` (default) | no  | — (TLS is not tried: write `require` or stricter to encrypt) |
//! | `require`    | yes       | against `sslrootcert` when given, else not at all        |
//! | `verify-ca`  | yes       | signed by `sslrootcert`                                   |
//! | `verify-full`| yes       | signed by `sslrootcert` and issued for the host connected to |
//!
//! The one difference from libpq: `prefer` does not try TLS (a server with TLS on is read
//! unencrypted, as before this module), and `verify-ca`/`verify-full` need `sslrootcert`
//! written out instead of looking in `~/.postgresql/root.crt`.

use percent_encoding::percent_decode_str;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What the address asks of the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

/// An address taken apart: what to hand to the `postgres` crate, and how to secure it.
#[derive(Debug, PartialEq, Eq)]
pub struct Target {
    /// The address without `sslrootcert`, with `sslmode` as the `postgres` crate knows it.
    pub url: String,
    pub mode: SslMode,
    pub root_cert: Option<PathBuf>,
}

/// Splits the TLS settings off a `postgres://` address. The error is a sentence for the clerk.
pub fn parse(url: &str) -> Result<Target, String> {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, q),
        None => (url, ""),
    };
    let mut mode = SslMode::Prefer;
    let mut root_cert = None;
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_decode_str(value).decode_utf8_lossy();
        match key {
            "sslmode" => {
                mode = match value.as_ref() {
                    "disable" => SslMode::Disable,
                    "allow" | "prefer" => SslMode::Prefer,
                    "require" => SslMode::Require,
                    "verify-ca" => SslMode::VerifyCa,
                    "verify-full" => SslMode::VerifyFull,
                    other => {
                        return Err(format!(
                            "sslmode={other} 无法识别，可写 disable、prefer、require、verify-ca 或 verify-full"
                        ))
                    }
                }
            }
            "sslrootcert" => root_cert = Some(PathBuf::from(value.as_ref())),
            _ => kept.push(pair),
        }
    }
    if matches!(mode, SslMode::VerifyCa | SslMode::VerifyFull) && root_cert.is_none() {
        return Err(
            "sslmode=verify-ca 或 verify-full 需要同时写明根证书：sslrootcert=根证书文件路径"
                .into(),
        );
    }
    kept.push(match mode {
        SslMode::Disable => "sslmode=disable",
        SslMode::Prefer => "sslmode=prefer",
        _ => "sslmode=require",
    });
    Ok(Target {
        url: format!("{base}?{}", kept.join("&")),
        mode,
        root_cert,
    })
}

/// The rustls configuration for `target`, or `None` when the connection is not encrypted.
pub fn client_config(target: &Target) -> Result<Option<rustls::ClientConfig>, String> {
    if matches!(target.mode, SslMode::Disable | SslMode::Prefer) {
        return Ok(None);
    }
    let provider = Arc::new(rustls_rustcrypto::provider());
    let chain = match &target.root_cert {
        None => None,
        Some(path) => Some(
            WebPkiServerVerifier::builder_with_provider(
                Arc::new(read_roots(path)?),
                provider.clone(),
            )
            .build()
            .map_err(|e| format!("根证书不可用（{}）：{e}", path.display()))?,
        ),
    };
    let verifier = Verifier {
        chain,
        check_name: target.mode == SslMode::VerifyFull,
        provider: provider.clone(),
    };
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("加密组件初始化失败：{e}"))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    Ok(Some(config))
}

fn read_roots(path: &Path) -> Result<RootCertStore, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("无法读取根证书 {}：{e}", path.display()))?;
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(&bytes) {
        let cert = cert.map_err(|e| format!("根证书 {} 不是 PEM 格式：{e}", path.display()))?;
        roots
            .add(cert)
            .map_err(|e| format!("根证书 {} 无法使用：{e}", path.display()))?;
    }
    if roots.is_empty() {
        return Err(format!(
            "根证书 {} 中没有证书（应为 PEM 格式，-----BEGIN CERTIFICATE-----）",
            path.display()
        ));
    }
    Ok(roots)
}

/// The server's certificate as the mode asks: its chain to the root when there is one
/// (`require` with `sslrootcert`, `verify-ca`), and its host name too for `verify-full`;
/// without a root (`require` alone) taken as it comes, as libpq does. The handshake
/// signatures are always checked.
#[derive(Debug)]
struct Verifier {
    chain: Option<Arc<WebPkiServerVerifier>>,
    check_name: bool,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let Some(chain) = &self.chain else {
            return Ok(ServerCertVerified::assertion());
        };
        // The chain is checked before the name: a name error means the chain was good.
        match chain.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) if !self.check_name => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_settings_are_taken_off_the_address() {
        let t = parse(
            "postgres://u:p@h/db?sslmode=verify-full&sslrootcert=/etc/ca%20x.crt&connect_timeout=5",
        )
        .unwrap();
        assert_eq!(t.mode, SslMode::VerifyFull);
        assert_eq!(t.root_cert, Some(PathBuf::from("/etc/ca x.crt")));
        assert_eq!(
            t.url,
            "postgres://u:p@h/db?connect_timeout=5&sslmode=require"
        );
        let t = parse("postgres://u@h/db").unwrap();
        assert_eq!(
            (t.mode, t.url.as_str()),
            (SslMode::Prefer, "postgres://u@h/db?sslmode=prefer")
        );
        let t = parse("postgres://u@h/db?sslmode=disable").unwrap();
        assert_eq!(t.mode, SslMode::Disable);
        assert!(parse("postgres://u@h/db?sslmode=verify-ca")
            .unwrap_err()
            .contains("sslrootcert"));
        assert!(parse("postgres://u@h/db?sslmode=strict")
            .unwrap_err()
            .contains("sslmode=strict"));
    }

    #[test]
    fn an_unusable_root_certificate_is_explained() {
        let t = |p: &str| Target {
            url: String::new(),
            mode: SslMode::VerifyFull,
            root_cert: Some(PathBuf::from(p)),
        };
        let err = client_config(&t("/nonexistent/ca.crt")).unwrap_err();
        assert!(err.contains("无法读取根证书"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.crt");
        std::fs::write(&empty, "not a certificate\n").unwrap();
        let err = client_config(&t(empty.to_str().unwrap())).unwrap_err();
        assert!(err.contains("中没有证书"), "{err}");
        assert!(client_config(&Target {
            url: String::new(),
            mode: SslMode::Prefer,
            root_cert: None
        })
        .unwrap()
        .is_none());
    }
}
