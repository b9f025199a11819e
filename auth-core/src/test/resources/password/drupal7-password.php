<?php
// Drupal 7's "$S$" password hash, written for this project from Drupal 7's documented algorithm
// (includes/password.inc, _password_crypt with 'sha512'); reads the password on stdin. With the
// argument "U" it writes the "U$S$" form that Drupal 7's user_update_7000() made from Drupal 6
// MD5 hashes: the same hash over the password's lower-case hex MD5, prefixed with "U".
$alphabet = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
function crypt64($bytes, $alphabet) {
  $out = '';
  $n = strlen($bytes);
  for ($i = 0; $i < $n; $i += 3) {
    $v = ord($bytes[$i]) | ($i + 1 < $n ? ord($bytes[$i + 1]) << 8 : 0) | ($i + 2 < $n ? ord($bytes[$i + 2]) << 16 : 0);
    $chars = $i + 2 < $n ? 4 : ($i + 1 < $n ? 3 : 2);
    for ($c = 0; $c < $chars; $c++) {
      $out .= $alphabet[($v >> (6 * $c)) & 0x3f];
    }
  }
  return $out;
}
$password = stream_get_contents(STDIN);
$upgraded = ($argv[1] ?? '') === 'U';
if ($upgraded) {
  $password = md5($password);
}
$log2 = 15;
$setting = '$S$' . $alphabet[$log2] . crypt64(random_bytes(6), $alphabet);
$salt = substr($setting, 4, 8);
$hash = hash('sha512', $salt . $password, true);
for ($i = 0; $i < (1 << $log2); $i++) {
  $hash = hash('sha512', $hash . $password, true);
}
echo ($upgraded ? 'U' : '') . substr($setting . crypt64($hash, $alphabet), 0, 55);
