// tests of glossary
