# Words dich writes into published articles in Spanish (not the interface's language: see locales/en and locales/vi).
output-photo-credit = Foto: { $name }
output-translated-from = Traducido del vietnamita.
