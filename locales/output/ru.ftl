# Words dich writes into published articles in Russian (not the interface's language: see locales/en and locales/vi).
output-photo-credit = Фото: { $name }
output-translated-from = Перевод с вьетнамского.
