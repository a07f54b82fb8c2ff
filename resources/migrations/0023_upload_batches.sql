CREATE TABLE `upload_batches` (
	`key` text PRIMARY KEY NOT NULL,
	`creation_date` text NOT NULL
);
