//! The standard security handler (ISO 32000-2 §7.6.4) opened with the empty
//! user password: most "protected" government PDFs only forbid copying or
//! printing and open without a password in every viewer. RC4 (revisions 2–4),
//! AES-128 (AESV2) and AES-256 (revisions 5 and 6). A file whose user password
//! is not empty is told so.

use super::syntax::{Dict, Object};
use aes::cipher::{block_padding::NoPadding, BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use md5::{Digest, Md5};
use sha2::{Sha256, Sha384, Sha512};

/// The padding string of algorithm 2.
const PAD: [u8; 32] = [
    0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08, 0x2E, 0x2E, 0x00,
    0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Cipher {
    Rc4,
    Aes128,
    Aes256,
    /// A crypt filter of /Identity: the data is not encrypted.
    None,
}

/// How a file's strings and streams are decrypted.
#[derive(Debug, Clone)]
pub struct Decryptor {
    key: Vec<u8>,
    streams: Cipher,
}

/// Why an encrypted file cannot be opened.
#[derive(Debug, Clone, PartialEq)]
pub enum CryptError {
    /// Its user password is not empty.
    Password,
    /// A handler other than the standard one, or a revision it does not know.
    Unknown,
}

fn bytes_of(dict: &Dict, key: &[u8]) -> Vec<u8> {
    match dict.get(key) {
        Some(Object::Str(s)) => s.clone(),
        _ => Vec::new(),
    }
}

impl Decryptor {
    /// Opens the handler of an /Encrypt dictionary with the empty user password;
    /// `id` is the first string of the trailer's /ID.
    pub fn open(encrypt: &Dict, id: &[u8]) -> Result<Decryptor, CryptError> {
        if encrypt.get(b"Filter").and_then(Object::as_name).is_some_and(|f| f != b"Standard") {
            return Err(CryptError::Unknown);
        }
        let int = |k: &[u8]| encrypt.get(k).and_then(Object::as_int);
        let (v, r) = (int(b"V").unwrap_or(0), int(b"R").unwrap_or(0));
        let (o, u) = (bytes_of(encrypt, b"O"), bytes_of(encrypt, b"U"));
        let p = int(b"P").unwrap_or(0) as i32;
        // The cipher of streams: V 4 and 5 name it in a crypt filter.
        let streams = if v >= 4 {
            let name = encrypt.get(b"StmF").and_then(Object::as_name).unwrap_or(b"Identity");
            let method = encrypt
                .get(b"CF")
                .and_then(Object::as_dict)
                .and_then(|cf| cf.get(name))
                .and_then(Object::as_dict)
                .and_then(|f| f.get(b"CFM"))
                .and_then(Object::as_name);
            match (name, method) {
                (b"Identity", _) => Cipher::None,
                (_, Some(b"AESV2")) => Cipher::Aes128,
                (_, Some(b"AESV3")) => Cipher::Aes256,
                (_, Some(b"V2")) => Cipher::Rc4,
                (_, Some(b"None")) => Cipher::None,
                _ => return Err(CryptError::Unknown),
            }
        } else {
            Cipher::Rc4
        };
        let key = match r {
            2..=4 => {
                let length = if r == 2 { 5 } else { (int(b"Length").unwrap_or(40) / 8).clamp(5, 16) as usize };
                let metadata = !matches!(encrypt.get(b"EncryptMetadata"), Some(Object::Bool(false)));
                if o.len() < 32 || u.len() < 16 {
                    return Err(CryptError::Unknown);
                }
                let key = rc4_key(&o[..32], p, id, r, length, metadata);
                if !user_password_is_empty(&key, &u, id, r) {
                    return Err(CryptError::Password);
                }
                key
            }
            5 | 6 => {
                let ue = bytes_of(encrypt, b"UE");
                if u.len() < 48 || ue.len() < 32 {
                    return Err(CryptError::Unknown);
                }
                let check = if r == 5 { sha256(&[&u[32..40]]) } else { hash_2b(&u[32..40], &[]) };
                if check[..] != u[..32] {
                    return Err(CryptError::Password);
                }
                let intermediate = if r == 5 { sha256(&[&u[40..48]]) } else { hash_2b(&u[40..48], &[]) };
                let mut key = ue[..32].to_vec();
                cbc::Decryptor::<aes::Aes256>::new_from_slices(&intermediate, &[0; 16])
                    .map_err(|_| CryptError::Unknown)?
                    .decrypt_padded_mut::<NoPadding>(&mut key)
                    .map_err(|_| CryptError::Unknown)?;
                key
            }
            _ => return Err(CryptError::Unknown),
        };
        Ok(Decryptor { key, streams })
    }

    /// A stream's or string's data of object `num gen`, decrypted.
    pub fn decrypt(&self, num: u32, generation: u16, data: &[u8]) -> Vec<u8> {
        let object_key = |aes: bool| -> Vec<u8> {
            let mut h = Md5::new();
            h.update(&self.key);
            h.update(&num.to_le_bytes()[..3]);
            h.update(generation.to_le_bytes());
            if aes {
                h.update(b"sAlT");
            }
            h.finalize()[..(self.key.len() + 5).min(16)].to_vec()
        };
        match self.streams {
            Cipher::None => data.to_vec(),
            Cipher::Rc4 => rc4(&object_key(false), data),
            Cipher::Aes128 => aes_cbc::<aes::Aes128>(&object_key(true), data),
            Cipher::Aes256 => aes_cbc::<aes::Aes256>(&self.key, data),
        }
    }
}

/// Algorithm 2: the file key from the (empty) user password.
fn rc4_key(o: &[u8], p: i32, id: &[u8], r: i64, length: usize, metadata: bool) -> Vec<u8> {
    let mut h = Md5::new();
    h.update(PAD);
    h.update(o);
    h.update(p.to_le_bytes());
    h.update(id);
    if r >= 4 && !metadata {
        h.update([0xFF; 4]);
    }
    let mut key = h.finalize().to_vec();
    if r >= 3 {
        for _ in 0..50 {
            key = Md5::digest(&key[..length]).to_vec();
        }
    }
    key.truncate(length);
    key
}

/// Algorithms 4 and 5: the key opens /U.
fn user_password_is_empty(key: &[u8], u: &[u8], id: &[u8], r: i64) -> bool {
    if r == 2 {
        return rc4(key, &PAD)[..] == u[..32.min(u.len())];
    }
    let mut h = Md5::new();
    h.update(PAD);
    h.update(id);
    let mut value = rc4(key, &h.finalize());
    for i in 1..=19u8 {
        let k: Vec<u8> = key.iter().map(|b| b ^ i).collect();
        value = rc4(&k, &value);
    }
    value[..16] == u[..16]
}

fn rc4(key: &[u8], data: &[u8]) -> Vec<u8> {
    if key.is_empty() {
        return data.to_vec();
    }
    let mut s: [u8; 256] = std::array::from_fn(|i| i as u8);
    let mut j = 0u8;
    for i in 0..256 {
        j = j.wrapping_add(s[i]).wrapping_add(key[i % key.len()]);
        s.swap(i, j as usize);
    }
    let (mut i, mut j) = (0u8, 0u8);
    data.iter()
        .map(|&b| {
            i = i.wrapping_add(1);
            j = j.wrapping_add(s[i as usize]);
            s.swap(i as usize, j as usize);
            b ^ s[s[i as usize].wrapping_add(s[j as usize]) as usize]
        })
        .collect()
}

/// AES-CBC with the IV in the first 16 bytes and PKCS#7 padding (a damaged
/// padding keeps the bytes as they are).
fn aes_cbc<C>(key: &[u8], data: &[u8]) -> Vec<u8>
where
    C: aes::cipher::BlockCipher + aes::cipher::BlockDecryptMut + aes::cipher::KeyInit,
{
    if data.len() < 32 {
        return Vec::new();
    }
    let (iv, body) = data.split_at(16);
    let mut out = body[..body.len() / 16 * 16].to_vec();
    let Ok(decryptor) = cbc::Decryptor::<C>::new_from_slices(key, iv) else { return Vec::new() };
    if decryptor.decrypt_padded_mut::<NoPadding>(&mut out).is_err() {
        return Vec::new();
    }
    if let Some(&pad) = out.last() {
        let pad = pad as usize;
        if (1..=16).contains(&pad) && out.len() >= pad && out[out.len() - pad..].iter().all(|&b| b as usize == pad) {
            out.truncate(out.len() - pad);
        }
    }
    out
}

fn sha256(parts: &[&[u8]]) -> Vec<u8> {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().to_vec()
}

/// Algorithm 2.B (revision 6) for the empty password and `salt` (+ `udata`).
fn hash_2b(salt: &[u8], udata: &[u8]) -> Vec<u8> {
    let mut k = sha256(&[salt, udata]);
    let mut round = 0usize;
    loop {
        let k1: Vec<u8> = std::iter::repeat_n([&k[..], udata].concat(), 64).flatten().collect();
        let mut e = k1;
        let encryptor =
            cbc::Encryptor::<aes::Aes128>::new_from_slices(&k[..16], &k[16..32]).expect("16-byte key and iv");
        let len = e.len();
        encryptor.encrypt_padded_mut::<NoPadding>(&mut e, len).expect("a whole number of blocks");
        let remainder = e[..16].iter().map(|&b| u32::from(b)).sum::<u32>() % 3;
        k = match remainder {
            0 => Sha256::digest(&e).to_vec(),
            1 => Sha384::digest(&e).to_vec(),
            _ => Sha512::digest(&e).to_vec(),
        };
        round += 1;
        // At least 64 rounds, then until E's last byte is at most round − 32.
        let last = e.last().map_or(0, |&b| usize::from(b));
        if round >= 64 && last + 32 <= round {
            break;
        }
    }
    k[..32].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rc4_matches_its_test_vector() {
        assert_eq!(rc4(b"Key", b"Plaintext"), [0xBB, 0xF3, 0x16, 0xE8, 0xD9, 0x40, 0xAF, 0x0A, 0xD3]);
    }
}
