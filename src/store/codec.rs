//! Versioned record encoding. Every stored value starts with a schema-version byte followed
//! by a bincode body, so records written by older versions keep decoding after the format
//! grows: a new version adds a decoder arm here and converts the old shape on read.
//!
//! Rules for changing [`Case`]: appending enum variants is compatible (bincode stores the
//! variant index); adding or reordering struct fields is not — freeze the current shape as a
//! `v1` struct here, bump [`CASE_VERSION`] and convert. `tests/fixtures/case_v1.bin` must
//! always decode.

use crate::domain::account::Account;
use crate::domain::case::{Case, CaseSummary};
use crate::domain::queue::Queue;
use bincode::Options;

/// Version of case records written now.
pub const CASE_VERSION: u8 = 1;
/// Version of summary records written now.
pub const SUMMARY_VERSION: u8 = 1;
/// Version of account records written now.
pub const ACCOUNT_VERSION: u8 = 1;
/// Version of queue records written now.
pub const QUEUE_VERSION: u8 = 1;
/// Records larger than this are refused on decode (a damaged length must not allocate GBs).
const LIMIT: u64 = 16 * 1024 * 1024;

fn opts() -> impl Options {
    bincode::DefaultOptions::new()
        .with_varint_encoding()
        .with_limit(LIMIT)
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CodecError {
    #[error("记录为空")]
    Empty,
    #[error("记录格式版本 {0} 比本程序新，请升级程序")]
    TooNew(u8),
    #[error("未知的记录格式版本 {0}")]
    Unknown(u8),
    #[error("记录已损坏：{0}")]
    Corrupt(String),
}

fn encode<T: serde::Serialize>(version: u8, value: &T) -> Vec<u8> {
    let mut out = vec![version];
    // Serialising plain data into a Vec cannot fail except on a size-limit overflow, which
    // the decoder would refuse anyway; fall back to an empty body that decodes as corrupt.
    if let Ok(body) = opts().serialize(value) {
        out.extend_from_slice(&body);
    }
    out
}

fn decode<T: serde::de::DeserializeOwned>(current: u8, bytes: &[u8]) -> Result<T, CodecError> {
    let (&version, body) = bytes.split_first().ok_or(CodecError::Empty)?;
    match version {
        v if v == current => opts()
            .deserialize(body)
            .map_err(|e| CodecError::Corrupt(e.to_string())),
        0 => Err(CodecError::Unknown(0)),
        v if v > current => Err(CodecError::TooNew(v)),
        v => Err(CodecError::Unknown(v)),
    }
}

pub fn encode_case(case: &Case) -> Vec<u8> {
    encode(CASE_VERSION, case)
}

pub fn decode_case(bytes: &[u8]) -> Result<Case, CodecError> {
    decode(CASE_VERSION, bytes)
}

pub fn encode_summary(s: &CaseSummary) -> Vec<u8> {
    encode(SUMMARY_VERSION, s)
}

pub fn decode_summary(bytes: &[u8]) -> Result<CaseSummary, CodecError> {
    decode(SUMMARY_VERSION, bytes)
}

pub fn encode_queue(q: &Queue) -> Vec<u8> {
    encode(QUEUE_VERSION, q)
}

pub fn decode_queue(bytes: &[u8]) -> Result<Queue, CodecError> {
    decode(QUEUE_VERSION, bytes)
}

pub fn encode_account(a: &Account) -> Vec<u8> {
    encode(ACCOUNT_VERSION, a)
}

pub fn decode_account(bytes: &[u8]) -> Result<Account, CodecError> {
    decode(ACCOUNT_VERSION, bytes)
}
