fn main() {
    println!("chuangkou");
}
