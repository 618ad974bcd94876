# Words dich writes into published articles in German (not the interface's language: see locales/en and locales/vi).
output-photo-credit = Foto: { $name }
output-translated-from = Aus dem Vietnamesischen übersetzt.
