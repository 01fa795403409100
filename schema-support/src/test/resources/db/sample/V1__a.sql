CREATE TABLE sample_a (id INT);
